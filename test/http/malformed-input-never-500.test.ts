import fc from 'fast-check'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { errorCatalogs } from '../../core/errors/define-errors.ts'
import type { GuardedRoute } from '../../core/http/route-guard.ts'
import { startPlatform, type TestPlatform } from '../helpers/platform.ts'
import {
  fillPath, hostileValue, nearlyValid, openApiDocument, operationOf, pathParameterNames, plausibleFor, plausibleRequest, WITH_BODY,
  type OpenApiDocument, type Operation
} from './route-samples.ts'

// Generated requests per route: with some forty routes, a run takes well under a minute on either
// database; routes that hash passwords with argon2 take the longest
const RUNS_PER_ROUTE = 25
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

const documentedStatus = new Map([...errorCatalogs.values()].flatMap(catalog => Object.entries(catalog).map(([code, definition]) => [code, definition.status])))

/** Path segments that are wrong in every way a router, a schema or a database can trip on. */
const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '..', '.', '%00', '%2e%2e', '%2F', '%ZZ', '%', '%ED%A0%80', '%20', '2147483648', '-2147483649', '-1', '0', '1e3', '1.5',
    '99999999999999999999', '0x10', 'NaN', 'x'.repeat(199), 'x'.repeat(201), '%F0%9F%98%80'
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }).map(encodeURIComponent)
)

const hostileQuery: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'a[b]=1', '&&&', '=', '%ZZ', 'a=%00', '__proto__[polluted]=1', 'constructor[prototype][polluted]=1', 'limit=-1',
    'limit=99999999999', 'limit=1e400', 'cursor=%00', 'cursor=-1', 'x=' + 'y'.repeat(50_000), 'a=1&a=2&a=3'
  ),
  fc.string({ unit: 'grapheme', maxLength: 200 }).map(text => encodeURI(text).replace(/#/g, '%23'))
)

const oddContentType = fc.constantFrom(
  'text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', '',
  'application/json; charset=utf-16', 'application/jsonx', '*/*', 'application/octet-stream', 'application/json, text/plain'
)

const oddHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { arbitrary: fc.constant({}), weight: 3 },
  {
    arbitrary: fc.record({
      accept: fc.constantFrom('application/xml', '*/*', 'text/html;q=0', ''),
      'accept-language': fc.string({ maxLength: 60 }),
      'x-request-id': fc.string({ maxLength: 200 }),
      'if-none-match': fc.string({ maxLength: 60 }),
      'accept-encoding': fc.constantFrom('gzip', 'br;q=1, *;q=0', 'identity;q=0', 'x')
    }, { requiredKeys: [] }),
    weight: 2
  },
  // Takes precedence over the admin's bearer token: a bad API key is a 401 whatever else is wrong
  { arbitrary: fc.record({ 'x-api-key': fc.constantFrom('brk_', 'brk_' + 'a'.repeat(500), 'not-a-key', '') }), weight: 1 }
)

interface GeneratedBody { payload?: string | Buffer, contentType?: string, contentLength?: string }
const NO_BODY: GeneratedBody = {}

function bodyFor (operation: Operation | undefined, doc: OpenApiDocument): fc.Arbitrary<GeneratedBody> {
  const schema = operation?.requestBody?.content['application/json']?.schema
  const json = (value: unknown): GeneratedBody => ({ payload: JSON.stringify(value) ?? 'null', contentType: 'application/json' })
  return fc.oneof(
    { arbitrary: fc.constant(NO_BODY), weight: 1 },
    { arbitrary: (schema === undefined ? hostileValue : nearlyValid(schema, doc)).map(json), weight: 6 },
    { arbitrary: fc.jsonValue().map(json), weight: 2 },
    { arbitrary: fc.uint8Array({ maxLength: 200 }).map(bytes => ({ payload: Buffer.from(bytes), contentType: 'application/json' })), weight: 1 },
    { arbitrary: fc.tuple(fc.jsonValue(), oddContentType).map(([value, contentType]) => ({ payload: JSON.stringify(value), contentType })), weight: 1 },
    { arbitrary: fc.constantFrom('{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"a":1,"a":2}', '[', '"', '1e999', '\ufeff{}').map(text => ({ payload: text, contentType: 'application/json' })), weight: 1 },
    // A Content-Length that disagrees with the body (inject sends it as given; a non-numeric one
    // cannot travel: Node's HTTP parser refuses it before Fastify sees the request)
    { arbitrary: fc.tuple(fc.jsonValue(), fc.nat(1000)).map(([value, length]) => ({ ...json(value), contentLength: String(length) })), weight: 1 }
  )
}

/**
 * Path parameter values: plausible ones (so the body and query reach the service) and hostile ones.
 * Plausible ids never name the admin running the fuzz: changing or deactivating it would end the
 * session every later request depends on.
 */
function pathValue (name: string, operation: Operation | undefined, doc: OpenApiDocument, adminId: number): fc.Arbitrary<string> {
  const schema = operation?.parameters?.find(parameter => parameter.in === 'path' && parameter.name === name)?.schema
  const plausible = schema?.type === 'integer'
    ? fc.constantFrom(2, 3, 987654, schema.minimum ?? 1, schema.maximum ?? Number.MAX_SAFE_INTEGER).filter(id => id !== adminId).map(String)
    : fc.oneof(fc.constantFrom('hello', 'nosuchthing'), schema === undefined ? fc.constant('sample') : plausibleFor(schema, doc).map(value => encodeURIComponent(String(value))))
  return fc.oneof({ arbitrary: plausible, weight: 3 }, { arbitrary: hostileSegment, weight: 1 })
}

function queryFor (operation: Operation | undefined, doc: OpenApiDocument): fc.Arbitrary<string> {
  const declared = (operation?.parameters ?? []).filter(parameter => parameter.in === 'query')
  const fromSchema = fc.record(Object.fromEntries(declared.map(parameter => [parameter.name, nearlyValid(parameter.schema ?? {}, doc)])), { requiredKeys: [] })
    .map(values => new URLSearchParams(Object.entries(values).flatMap(([key, value]) =>
      (Array.isArray(value) ? value : [value]).map(item => [key, typeof item === 'string' ? item : JSON.stringify(item) ?? '']))).toString())
  return fc.oneof({ arbitrary: fc.constant(''), weight: 1 }, { arbitrary: fromSchema, weight: 3 }, { arbitrary: hostileQuery, weight: 1 })
}

function requestFor (route: GuardedRoute, doc: OpenApiDocument, adminId: number): fc.Arbitrary<InjectOptions> {
  const operation = operationOf(doc, route)
  const params = fc.record(Object.fromEntries(pathParameterNames(route.url).map(name => [name, pathValue(name, operation, doc, adminId)])))
  const body = WITH_BODY.has(route.method) ? bodyFor(operation, doc) : fc.oneof({ arbitrary: fc.constant(NO_BODY), weight: 4 }, { arbitrary: bodyFor(operation, doc), weight: 1 })
  return fc.record({ params, query: queryFor(operation, doc), body, headers: oddHeaders }).map(({ params, query, body, headers }) => ({
    method: route.method as InjectOptions['method'],
    url: fillPath(route.url, name => params[name]) + (query === '' ? '' : `?${query}`),
    headers: {
      ...headers,
      ...(body.contentType === undefined ? {} : { 'content-type': body.contentType }),
      ...(body.contentLength === undefined ? {} : { 'content-length': body.contentLength })
    },
    ...(body.payload === undefined ? {} : { payload: body.payload })
  }))
}

const ERROR_SHAPE_FIELDS = new Set(['statusCode', 'code', 'error', 'message', 'details'])

/** Throws when the answer breaks a guarantee; fast-check then shrinks the request and reports it. */
function checkAnswer (response: LightMyRequestResponse): void {
  const status = response.statusCode
  if (status >= 500) throw new Error(`answered ${status}: ${response.body.slice(0, 500)}`)
  for (const leak of [PROJECT_ROOT, 'node_modules']) {
    if (response.body.includes(leak)) throw new Error(`the answer shows ${leak}: ${response.body.slice(0, 500)}`)
  }
  if (/(\\n|\n)\s+at \S/.test(response.body) || /\(\S+:\d+:\d+\)/.test(response.body)) throw new Error(`the answer holds a stack trace: ${response.body.slice(0, 500)}`)
  if (status < 400 || response.body === '') return
  const body = JSON.parse(response.body)
  const { statusCode, code, error, message } = body
  const extra = Object.keys(body).filter(key => !ERROR_SHAPE_FIELDS.has(key))
  if (statusCode !== status) throw new Error(`statusCode ${String(statusCode)} in a ${status} answer`)
  if (typeof code !== 'string' || !/^BR_[A-Z0-9_]+$/.test(code)) throw new Error(`code ${String(code)} is not a BR_* code`)
  if (documentedStatus.get(code) !== status) throw new Error(`${code} is documented with status ${String(documentedStatus.get(code))}, answered ${status}`)
  if (typeof error !== 'string' || typeof message !== 'string') throw new Error(`error and message must be strings: ${response.body}`)
  if (extra.length > 0) throw new Error(`fields beyond the error shape: ${extra.join(', ')}`)
}

/** Answers that come before the route's handler runs; a fuzz that only meets these tests the framework, not the route. */
const BEFORE_HANDLER = new Set(['BR_UNAUTHENTICATED', 'BR_VALIDATION', 'BR_BAD_REQUEST', 'BR_UNSUPPORTED_MEDIA_TYPE', 'BR_PAYLOAD_TOO_LARGE', 'BR_NOT_FOUND', 'BR_URI_TOO_LONG'])
const reachedHandler = (outcome: string): boolean => !BEFORE_HANDLER.has(outcome.split(' ')[1])

/** Puts the fuzzed module back in its starting state: a run may legitimately disable or uninstall it. */
async function restoreHello (platform: TestPlatform): Promise<void> {
  const modules = platform.platform.services.modules
  const { state } = await modules.get('hello')
  if (state === 'available') await modules.install('hello')
  else if (state !== 'enabled') await modules.enable('hello')
}

// Requests go through app.inject. What inject cannot send is left to Node's HTTP parser, which refuses
// it before Fastify sees it: a non-numeric Content-Length, invalid characters in a header, a broken
// request line.
// Every route is fuzzed, none left out: the SuperAdmin may change state (disable or uninstall hello,
// create employees), which is fine; what would end its own session is checked after each route, and
// the generators never name its id.
t.test('generated bad input never makes a route answer 500, leave the error shape or show internals', async t => {
  const platform = await startPlatform(t, { modules: ['hello'], install: ['hello'] })
  const doc = await openApiDocument(platform.app)
  // HEAD twins run their GET route's handler and schema, and answer without a body to check
  const routes = platform.app.routeCatalog.filter(route => route.method !== 'HEAD')
  t.ok(routes.some(route => route.module === 'hello'), 'hello routes are fuzzed')
  t.ok(routes.some(route => route.url.startsWith('/api/modules')), 'core routes are fuzzed')

  for (const route of routes) {
    await t.test(`${route.method} ${route.url}`, async t => {
      const outcomes = new Map<string, number>()
      // What a well-behaved client sends comes first; its ids name nobody, the admin least of all
      const wellBehaved = plausibleRequest(route, doc, schema => schema.type === 'integer' ? Math.min(987654, schema.maximum ?? 987654) : undefined)
      const details = await fc.check(fc.asyncProperty(requestFor(route, doc, platform.adminId), async request => {
        const response = await platform.asAdmin(request)
        checkAnswer(response)
        const outcome = response.statusCode < 400 ? String(response.statusCode) : `${response.statusCode} ${String(response.json().code)}`
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
      }), { numRuns: RUNS_PER_ROUTE, examples: [[wellBehaved]] })
      t.notOk(details.failed, fc.defaultReportMessage(details) ?? 'no failure')
      t.comment(`${details.numRuns} requests: ${[...outcomes].map(([outcome, count]) => `${outcome} ×${count}`).join(', ')}`)
      // Plausible input needs the route's documented schema; the UI's routes (/docs) have none
      if (operationOf(doc, route) !== undefined) t.ok([...outcomes.keys()].some(reachedHandler), 'some generated requests got past authentication, routing and the schema')
      await restoreHello(platform)
      const stillAdmin = await platform.asAdmin({ url: '/api/modules' })
      t.equal(stillAdmin.statusCode, 200, 'the admin session survives, so later routes are fuzzed as the SuperAdmin')
    })
  }
})
