import { AjvCompiler, type Options as AjvOptions } from '@fastify/ajv-compiler'
import type { FastifyServerOptions } from 'fastify'

type SchemaController = NonNullable<FastifyServerOptions['schemaController']>
type ValidatorFactory = NonNullable<NonNullable<SchemaController['compilersFactory']>['buildValidator']>

const buildAjvValidator = AjvCompiler()
type AjvCompilerOptions = Exclude<Parameters<typeof buildAjvValidator>[1], undefined>
type AjvPlugins = AjvCompilerOptions['plugins']
type AjvOnCreate = AjvCompilerOptions['onCreate']

/**
 * Query strings, params and headers arrive as text, so their values are coerced to the types
 * their schemas declare. A JSON body carries its own types: coercing them would take a `null`
 * sent for a number as 0 and `"5"` as 5, answering 200 for what the client got wrong. Bodies are
 * validated as sent, with Ajv's options otherwise the same.
 */
const buildValidator: ValidatorFactory = (externalSchemas, ajvOptions) => {
  const coercing = buildAjvValidator(externalSchemas, ajvOptions)
  // Fastify hands over the `ajv` server option: plain Ajv options, not JTD ones.
  const { customOptions, plugins, onCreate } = (ajvOptions ?? {}) as { customOptions?: AjvOptions, plugins?: AjvPlugins, onCreate?: AjvOnCreate }
  const asSent = buildAjvValidator(externalSchemas, { customOptions: { ...customOptions, coerceTypes: false }, plugins, onCreate })
  return route => route.httpPart === 'body' ? asSent(route) : coercing(route)
}

export const requestValidation: SchemaController = { compilersFactory: { buildValidator } }
