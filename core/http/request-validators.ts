import { AjvCompiler, type Options as AjvOptions } from '@fastify/ajv-compiler'
import type { FastifyServerOptions } from 'fastify'

type SchemaController = NonNullable<FastifyServerOptions['schemaController']>
type AjvValidatorPool = ReturnType<typeof AjvCompiler>
type AjvCompilerOptions = Exclude<Parameters<AjvValidatorPool>[1], undefined>

/**
 * The schema controller of one Fastify instance. Query strings, params and headers arrive as
 * text, so their values are coerced to the types their schemas declare. A JSON body carries its
 * own types: coercing them would take a `null` sent for a number as 0 and `"5"` as 5, answering
 * 200 for what the client got wrong. Bodies are validated as sent, with Ajv's options otherwise
 * the same. Each instance gets its own Ajv pool, as Fastify's default does, so that a retired
 * instance's compiled schemas go with it.
 */
export function requestValidation (): SchemaController {
  const pool: AjvValidatorPool = AjvCompiler()
  return {
    compilersFactory: {
      buildValidator (externalSchemas, ajvOptions) {
        const coercing = pool(externalSchemas, ajvOptions)
        // Fastify hands over its `ajv` server option: plain Ajv options, not JTD ones.
        const { customOptions, plugins, onCreate } = (ajvOptions ?? {}) as { customOptions?: AjvOptions, plugins?: AjvCompilerOptions['plugins'], onCreate?: AjvCompilerOptions['onCreate'] }
        const asSent = pool(externalSchemas, { customOptions: { ...customOptions, coerceTypes: false }, plugins, onCreate })
        return route => route.httpPart === 'body' ? asSent(route) : coercing(route)
      }
    }
  }
}
