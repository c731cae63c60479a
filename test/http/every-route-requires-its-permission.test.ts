import type { LightMyRequestResponse } from 'fastify'
import { createHmac } from 'node:crypto'
import t from 'tap'
import { ACCESS_AUDIENCE } from '../../core/people/access-tokens.ts'
import type { GuardedRoute } from '../../core/http/route-guard.ts'
import { EmployeeRepository } from '../../core/people/employee-repository.ts'
import { hashPassword } from '../../core/people/passwords.ts'
import { ProfileRepository } from '../../core/people/profile-repository.ts'
import { startPlatform } from '../helpers/platform.ts'
import { openApiDocument, plausibleRequest } from './route-samples.ts'

/** An HS256 JWT made by hand, so that a test chooses every claim and the key. */
function signJwt (secret: string, claims: Record<string, unknown>): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`
}

const now = (): number => Math.floor(Date.now() / 1000)
const accessClaims = (employeeId: number, lifetime: { iat: number, exp: number }): Record<string, unknown> =>
  ({ sub: String(employeeId), typ: 'access', aud: ACCESS_AUDIENCE, ...lifetime })

const platform = await startPlatform(t, { modules: ['hello'], install: ['hello'] })
const doc = await openApiDocument(platform.app)
const routes = platform.app.routeCatalog
const guarded = routes.filter(route => route.permission !== undefined)
const nonPublic = routes.filter(route => !route.public)

// An employee whose profile grants nothing: signed in, allowed nowhere
const nobodyProfile = await platform.database.knex.transaction(async trx => await new ProfileRepository(trx).insert({ name: 'Nothing allowed', permissions: [] }, trx))
const nobody = await new EmployeeRepository(platform.database.knex).insert({
  email: 'nobody@shop.test', firstName: 'No', lastName: 'Permission', passwordHash: await hashPassword('a password never used'), profileId: nobodyProfile.id
})

const describe = (route: GuardedRoute): string => `${route.method} ${route.url}`

/** The status and error body of an answer; HEAD answers carry no body, so only their status counts. */
function answerOf (route: GuardedRoute, response: LightMyRequestResponse): { status: number, body?: unknown } {
  return route.method === 'HEAD' ? { status: response.statusCode } : { status: response.statusCode, body: response.json() }
}

function refusal (route: GuardedRoute, status: number, body: Record<string, unknown>): { status: number, body?: unknown } {
  return route.method === 'HEAD' ? { status } : { status, body: { statusCode: status, ...body } }
}

t.test('the walk covers the core and every installed module', async t => {
  t.ok(routes.length > 0, 'the route catalog is not empty')
  t.ok(guarded.some(route => route.module === 'core'), 'core routes declare permissions')
  const helloGuarded = guarded.filter(route => route.module === 'hello').map(describe)
  t.ok(['GET /api/hello/greetings', 'POST /api/hello/greetings'].every(route => helloGuarded.includes(route)), 'hello routes are walked with their permissions')
  t.ok(routes.some(route => route.module === 'hello' && route.public), 'public module routes are catalogued too')
  t.same((await new ProfileRepository(platform.database.knex).find(nobodyProfile.id))?.permissions, [], 'the walking employee holds no permission')
})

t.test('every route that declares a permission answers 403 BR_FORBIDDEN, naming it, to an employee without it', async t => {
  const token = platform.tokenFor(nobody.id)
  for (const route of guarded) {
    const request = plausibleRequest(route, doc)
    const response = await platform.app.inject({ ...request, headers: { authorization: `Bearer ${token}` } })
    t.match(answerOf(route, response), refusal(route, 403, { code: 'BR_FORBIDDEN', message: route.permission }), `${describe(route)} (sent ${request.url})`)
  }
})

t.test('the 403 is about the permission: once the profile holds it, the same request passes', async t => {
  const route = guarded.find(route => route.method === 'GET' && route.url === '/api/hello/greetings')!
  await platform.database.knex.transaction(async trx => await new ProfileRepository(trx).update(nobodyProfile.id, { permissions: [route.permission!] }, trx))
  platform.platform.services.principals.invalidate()
  t.teardown(async () => {
    await platform.database.knex.transaction(async trx => await new ProfileRepository(trx).update(nobodyProfile.id, { permissions: [] }, trx))
    platform.platform.services.principals.invalidate()
  })
  const response = await platform.app.inject({ ...plausibleRequest(route, doc), headers: { authorization: `Bearer ${platform.tokenFor(nobody.id)}` } })
  t.equal(response.statusCode, 200)
})

const badCredentials: Record<string, () => Record<string, string>> = {
  'no credentials at all': () => ({}),
  'a malformed token': () => ({ authorization: 'Bearer not-a-jwt' }),
  'an expired token': () => ({ authorization: `Bearer ${signJwt(platform.platform.jwtSecret, accessClaims(platform.adminId, { iat: now() - 3600, exp: now() - 60 }))}` }),
  'a token signed with another secret': () => ({ authorization: `Bearer ${signJwt('another-secret-that-is-long-enough-0123456789', accessClaims(platform.adminId, { iat: now(), exp: now() + 600 }))}` })
}

for (const [credential, headers] of Object.entries(badCredentials)) {
  t.test(`every non-public route answers 401 BR_UNAUTHENTICATED to ${credential}`, async t => {
    t.ok(nonPublic.length > 0)
    for (const route of nonPublic) {
      const response = await platform.app.inject({ ...plausibleRequest(route, doc), headers: headers() })
      t.match(answerOf(route, response), refusal(route, 401, { code: 'BR_UNAUTHENTICATED' }), describe(route))
    }
  })
}

t.test('the hand-made tokens are refused for their flaw alone: signed with the platform secret and unexpired, they pass', async t => {
  const valid = signJwt(platform.platform.jwtSecret, accessClaims(platform.adminId, { iat: now(), exp: now() + 600 }))
  t.equal((await platform.app.inject({ url: '/api/modules', headers: { authorization: `Bearer ${valid}` } })).statusCode, 200)
})
