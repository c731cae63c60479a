import fc from 'fast-check'
import type { FastifyInstance, InjectOptions } from 'fastify'
import type { GuardedRoute } from '../../core/http/route-guard.ts'

/** The part of a JSON schema (as the OpenAPI document writes it) the samples read. */
export interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  enum?: unknown[]
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  $ref?: string
  nullable?: boolean
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  minItems?: number
  minProperties?: number
  maxProperties?: number
  default?: unknown
}

export interface Parameter { in: 'path' | 'query' | 'header' | 'cookie', name: string, required?: boolean, schema?: JsonSchema }

export interface Operation {
  parameters?: Parameter[]
  requestBody?: { content: Record<string, { schema: JsonSchema }> }
  security?: unknown[]
  'x-permission'?: string
}

export interface OpenApiDocument {
  openapi: string
  paths: Record<string, Record<string, Operation>>
  components?: { schemas?: Record<string, JsonSchema> }
}

export async function openApiDocument (app: FastifyInstance): Promise<OpenApiDocument> {
  const response = await app.inject({ url: '/docs/json' })
  if (response.statusCode !== 200) throw new Error(`GET /docs/json answered ${response.statusCode}`)
  return response.json()
}

/** The OpenAPI path of a Fastify route url, written as @fastify/swagger writes it: `:id` → `{id}`, `*` → `{*}`. */
export function openApiPath (url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, '{$1}').replace(/\*/g, '{*}')
}

export function operationOf (doc: OpenApiDocument, route: GuardedRoute): Operation | undefined {
  return doc.paths[openApiPath(route.url)]?.[route.method.toLowerCase()]
}

export function pathParameterNames (url: string): string[] {
  return [...url.matchAll(/:([A-Za-z0-9_]+)|\*/g)].map(match => match[1] ?? '*')
}

/** The route's url with each path parameter replaced by `value(name)`, inserted as it is (no encoding). */
export function fillPath (url: string, value: (name: string) => string): string {
  return url.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?|\*/g, (_match, name?: string) => value(name ?? '*'))
}

/** Methods whose requests carry a body. */
export const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * What a well-behaved client would send to the route: documented path parameters and body filled
 * with samples, unless `pathValue` chooses a parameter's value.
 */
export function plausibleRequest (route: GuardedRoute, doc: OpenApiDocument, pathValue?: (schema: JsonSchema) => unknown): InjectOptions {
  const operation = operationOf(doc, route)
  const url = fillPath(route.url, name => {
    const schema = operation?.parameters?.find(parameter => parameter.in === 'path' && parameter.name === name)?.schema
    return encodeURIComponent(String(schema === undefined ? 'sample' : pathValue?.(schema) ?? sampleOf(schema, doc)))
  })
  const body = operation?.requestBody?.content['application/json']?.schema
  return {
    method: route.method as InjectOptions['method'],
    url,
    ...(body !== undefined && WITH_BODY.has(route.method) ? { payload: sampleOf(body, doc) as InjectOptions['payload'] } : {})
  }
}

function resolve (schema: JsonSchema, doc: OpenApiDocument): JsonSchema {
  if (schema.$ref === undefined) return schema
  const target = doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')]
  if (target === undefined) throw new Error(`unresolved ${schema.$ref}`)
  return resolve(target, doc)
}

const typeOf = (schema: JsonSchema): string | undefined => Array.isArray(schema.type) ? schema.type.find(type => type !== 'null') : schema.type

/** One value the schema accepts, as a well-behaved client would send it. */
export function sampleOf (given: JsonSchema, doc: OpenApiDocument): unknown {
  const schema = resolve(given, doc)
  if (schema.default !== undefined) return schema.default
  if (schema.enum !== undefined) return schema.enum[0]
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives !== undefined) return sampleOf(alternatives[0], doc)
  if (schema.allOf !== undefined) return Object.assign({}, ...schema.allOf.map(part => sampleOf(part, doc)))
  switch (typeOf(schema)) {
    case 'object': {
      // The required properties, then optional ones in order until there are minProperties
      // (a PATCH body with none required still needs one)
      const required = schema.required ?? []
      const optional = Object.keys(schema.properties ?? {}).filter(key => !required.includes(key))
      const keys = [...required, ...optional.slice(0, Math.max(0, (schema.minProperties ?? 0) - required.length))]
      return Object.fromEntries(keys.map(key => [key, sampleOf(schema.properties?.[key] ?? {}, doc)]))
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleOf(schema.items ?? {}, doc))
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1)
    case 'boolean':
      return true
    case 'string':
      return sampleString(schema)
    default:
      return null
  }
}

function sampleString (schema: JsonSchema): string {
  if (schema.format === 'email') return 'someone@shop.test'
  if (schema.format === 'date-time') return '2026-01-02T03:04:05.000Z'
  if (schema.format === 'date') return '2026-01-02'
  if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000'
  if (schema.pattern !== undefined) return fc.sample(fc.stringMatching(new RegExp(schema.pattern)), { numRuns: 1, seed: 1 })[0]
  return 'sample'.padEnd(schema.minLength ?? 0, 'x').slice(0, schema.maxLength ?? 1000)
}

/** Strings a schema accepts that services trip on: NUL, LIKE wildcards, quotes, escapes, a right-to-left override, astral and combining characters. */
const EDGE_TEXT = ['a\u0000b', '\u0000', '%', '_', '\\', "'", '"', '\u202e', '😀', 'e\u0301', ' ']
const EDGE_FORMATS: Record<string, string[]> = {
  'date-time': ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '1970-01-01T00:00:00Z', '2026-01-02T03:04:05+14:00', '2026-01-02T03:04:05.123456789Z'],
  email: ['a@b.co', `${'a'.repeat(64)}@shop.test`, 'ü@shop.test', 'a+b@shop.test', 'SOMEONE@SHOP.TEST']
}

function plausibleString (schema: JsonSchema): fc.Arbitrary<string> {
  const sample = sampleString(schema)
  if (schema.format !== undefined) return fc.constantFrom(sample, ...(EDGE_FORMATS[schema.format] ?? []))
  if (schema.pattern !== undefined) return fc.stringMatching(new RegExp(schema.pattern))
  const [min, max] = [schema.minLength ?? 0, schema.maxLength ?? 10_000]
  const edges = [...EDGE_TEXT.map(text => text.padEnd(min, 'x')), 'x'.repeat(max)].filter(text => [...text].length >= min && [...text].length <= max)
  return fc.oneof(fc.constant(sample), fc.constantFrom(...edges), fc.string({ unit: 'binary', minLength: min, maxLength: Math.min(max, Math.max(min, 64)) }))
}

/**
 * Values that break assumptions: out of integer range, empty, huge, control and astral characters,
 * path tricks, wrong types. Mixed into otherwise plausible input so it reaches the services.
 */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '', ' ', '\u0000', 'a\u0000b', 'x'.repeat(10_000), '../..', '%00', '😀'.repeat(50), 'é', '\u202e', 'null', 'SuperAdmin', 'hello',
    -1, 0, 1.5, -2147483649, 2147483648, 9007199254740993, 1e308, -1e308, Number.MIN_VALUE,
    null, true, false, [], {}, [null], { '': '' }, JSON.parse('{"__proto__": {"polluted": true}}')
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 2 })
)

/**
 * Input that a schema nearly accepts: often a value it accepts (so the request reaches the service),
 * otherwise one with hostile fields, required fields left out, or an extra field.
 */
export function nearlyValid (given: JsonSchema, doc: OpenApiDocument, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(given, doc)
  if (depth > 3) return plausibleFor(schema, doc, depth)
  return fc.oneof({ arbitrary: plausibleFor(schema, doc, depth), weight: 3 }, { arbitrary: mutatedFor(schema, doc, depth), weight: 2 })
}

function mutatedFor (schema: JsonSchema, doc: OpenApiDocument, depth: number): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {})
  if (typeOf(schema) !== 'object' || properties.length === 0) return hostileValue
  const fields = fc.record(Object.fromEntries(properties.map(([key, property]) => [key, nearlyValid(property, doc, depth + 1)])), { requiredKeys: [] })
  const extra = fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: fc.tuple(fc.string({ maxLength: 12 }), hostileValue), weight: 1 })
  return fc.tuple(fields, extra).map(([record, added]) => added === null ? record : { ...record, [added[0]]: added[1] })
}

/** Values the schema accepts, as far as type, bounds, patterns, enums and required fields go. */
export function plausibleFor (given: JsonSchema, doc: OpenApiDocument, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(given, doc)
  const sample = fc.constant(sampleOf(schema, doc))
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum)
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives !== undefined) return fc.oneof(...alternatives.map(alternative => plausibleFor(alternative, doc, depth + 1)))
  const nullable = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> => schema.nullable === true ? fc.option(arbitrary, { nil: null }) : arbitrary
  switch (typeOf(schema)) {
    case 'object': {
      const properties = Object.entries(schema.properties ?? {})
      if (properties.length === 0) return fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 })
      const [fewest, most] = [schema.minProperties ?? 0, schema.maxProperties ?? properties.length]
      return nullable(fc.record(Object.fromEntries(properties.map(([key, property]) => [key, plausibleFor(property, doc, depth + 1)])), { requiredKeys: schema.required ?? [] })
        .filter(record => Object.keys(record).length >= fewest && Object.keys(record).length <= most))
    }
    case 'array':
      return nullable(fc.array(plausibleFor(schema.items ?? {}, doc, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, 3) }))
    case 'integer': {
      const [min, max] = [schema.minimum ?? -Number.MAX_SAFE_INTEGER, schema.maximum ?? Number.MAX_SAFE_INTEGER]
      return nullable(fc.oneof(sample, fc.constantFrom(min, max), fc.integer({ min: Math.max(min, -2147483648), max: Math.min(max, 2147483647) })))
    }
    case 'number':
      return nullable(fc.oneof(sample, fc.double({ min: schema.minimum, max: schema.maximum, noNaN: true, noDefaultInfinity: true })))
    case 'boolean':
      return nullable(fc.boolean())
    case 'string':
      return nullable(plausibleString(schema))
    default:
      return fc.jsonValue({ maxDepth: 1 })
  }
}
