import type { FastifyInstance, FastifyPluginAsync, FastifyRequest, onRequestHookHandler } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import fastifyRateLimit from '@fastify/rate-limit'
import Type from 'typebox'
import { coreErrors } from '../../errors/index.ts'
import { signAccessToken } from '../../people/access-tokens.ts'
import type { Session } from '../../people/auth-service.ts'
import { Email, Employee, GivenPassword, TotpCode } from '../../people/people-schemas.ts'
import { clearRateLimit, postgresRateLimitStore } from '../../people/rate-limit-store.ts'
import { NoContent, responses } from '../schemas.ts'

const LoginBody = Type.Object({
  email: Email,
  password: GivenPassword,
  totp: Type.Optional(TotpCode)
}, { additionalProperties: false })

const RefreshBody = Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false })

const Tokens = Type.Object({
  accessToken: Type.String({ description: 'A JWT for the Authorization: Bearer header' }),
  refreshToken: Type.String({ description: 'Single use: trade it at /api/auth/refresh for a new pair' }),
  expiresIn: Type.Integer({ description: 'Seconds the access token lives' }),
  employee: Employee
})

const accountKey = (email: string): string => `login:account:${email.toLowerCase()}`

/**
 * A hook refusing the request with 429 BR_RATE_LIMITED once its key has had more than `max` hits
 * in the window. Built on createRateLimit rather than the plugin's rateLimit() hooks: those share
 * one "already ran" flag per request, so a second limit on the same route would be skipped.
 */
function limitHook (app: FastifyInstance, max: number, windowSeconds: number, key: (request: FastifyRequest) => string): onRequestHookHandler {
  const check = app.createRateLimit({ max, timeWindow: windowSeconds * 1000, keyGenerator: key })
  return async function rateLimit (request) {
    const limit = await check(request)
    if (limit.isAllowed || !limit.isExceeded) return
    const retryAfter = String(limit.ttlInSeconds)
    throw Object.assign(new coreErrors.BR_RATE_LIMITED(retryAfter), { headers: { 'retry-after': retryAfter } })
  }
}

/**
 * /api/auth: login, refresh and logout. All three are public: logout proves itself with the
 * refresh token, so a client whose access token has already expired can still end its session.
 */
export const authRoutes: FastifyPluginAsync = async base => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const { auth, db } = app.services
  const tags = ['auth']
  // Counters live in the database, so the limits hold across every process sharing it.
  await app.register(fastifyRateLimit, { global: false, store: postgresRateLimitStore(db.knex) })
  const { maxPerAccount, maxPerIp, windowSeconds } = auth.policy.login
  // Per IP before the body is even read; per account once the body is validated.
  const limitPerIp = limitHook(app, maxPerIp, windowSeconds, request => `login:ip:${request.ip}`)
  const limitPerAccount = limitHook(app, maxPerAccount, windowSeconds, request => accountKey((request.body as { email: string }).email))

  const tokens = (session: Session) => ({
    accessToken: signAccessToken(app, session.employee.id),
    refreshToken: session.refreshToken,
    expiresIn: auth.policy.accessTokenTtl,
    employee: session.employee
  })

  app.post('/api/auth/login', {
    config: { public: true },
    onRequest: limitPerIp,
    preHandler: limitPerAccount,
    schema: {
      tags,
      summary: 'Log in with email and password (and a 2FA code when 2FA is on)',
      description: 'Rate limited per account and per IP address (429 BR_RATE_LIMITED with Retry-After). A successful login clears the account\'s count.',
      security: [],
      body: LoginBody,
      response: responses({ 200: Tokens })
    }
  }, async request => {
    const session = await auth.login(request.body)
    await clearRateLimit(db.knex, accountKey(request.body.email))
    return tokens(session)
  })

  app.post('/api/auth/refresh', {
    config: { public: true },
    schema: { tags, summary: 'Trade a refresh token for a new access and refresh token', security: [], body: RefreshBody, response: responses({ 200: Tokens }) }
  }, async request => tokens(await auth.refresh(request.body.refreshToken)))

  app.post('/api/auth/logout', {
    config: { public: true },
    schema: { tags, summary: 'End the session: revokes the refresh token and every token rotated from the same login', security: [], body: RefreshBody, response: responses({ 204: NoContent }) }
  }, async (request, reply) => {
    await auth.logout(request.body.refreshToken)
    return await reply.status(204).send(null)
  })
}
