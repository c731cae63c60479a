import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { ACCESS_AUDIENCE } from '../../core/people/access-tokens.ts'
import { ADMIN_EMAIL, ADMIN_PASSWORD, startPlatform } from '../helpers/platform.ts'
import { claimsOf, login } from '../people/helpers.ts'

const TTL = 30

t.test('access tokens live BACKROOM_ACCESS_TOKEN_TTL seconds', async t => {
  const platform = await startPlatform(t, { env: { BACKROOM_ACCESS_TOKEN_TTL: String(TTL) } })

  t.test('a login token expires TTL seconds after it was issued, and says so', async t => {
    const body = (await login(platform, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })).json()
    t.equal(body.expiresIn, TTL)
    const claims = claimsOf(body.accessToken)
    t.equal(claims.exp - claims.iat, TTL)
    t.equal(claims.sub, String(platform.adminId))
  })

  // Tokens signed as if issued earlier: the platform verifies against the real clock.
  const issuedAgo = (seconds: number): string => platform.app.jwt.sign(
    { sub: String(platform.adminId), typ: 'access' },
    { aud: ACCESS_AUDIENCE, clockTimestamp: Date.now() - seconds * 1000 } as never
  )
  const call = async (token: string) => await platform.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } })

  t.test('a token is accepted until its lifetime is over, and refused with 401 after', async t => {
    t.equal((await call(issuedAgo(TTL - 5))).statusCode, 200, 'still valid shortly before the end')
    const expired = await call(issuedAgo(TTL + 1))
    t.equal(expired.statusCode, 401)
    t.equal(expired.json().code, 'BR_UNAUTHENTICATED')
  })

  t.test('a token accepted before is refused once it expires, although its verification is remembered', async t => {
    const token = issuedAgo(TTL - 2)
    t.equal((await call(token)).statusCode, 200)
    t.equal((await call(token)).statusCode, 200, 'accepted again')
    const expiresAtMs = claimsOf(token).exp * 1000
    await sleep(expiresAtMs - Date.now() + 200)
    t.equal((await call(token)).statusCode, 401)
  })
})
