import t from 'tap'
import { hashToken } from '../../core/security/secret-box.ts'
import { ADMIN_EMAIL, ADMIN_PASSWORD, startPlatform, type TestPlatform } from '../helpers/platform.ts'
import { createStaff, login } from '../people/helpers.ts'

async function refresh (platform: TestPlatform, refreshToken: string) {
  return await platform.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } })
}

t.test('refresh tokens', async t => {
  const platform = await startPlatform(t)
  const signIn = async (email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<string> => (await login(platform, { email, password })).json().refreshToken

  t.test('a refresh gives a new access token and a new refresh token; the old one is used up', async t => {
    const first = await signIn()
    const response = await refresh(platform, first)
    t.equal(response.statusCode, 200)
    const body = response.json()
    t.match(body, { accessToken: String, refreshToken: String, expiresIn: 900, employee: { id: platform.adminId } })
    t.not(body.refreshToken, first)
    const me = await platform.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${body.accessToken}` } })
    t.equal(me.statusCode, 200)
    t.equal((await refresh(platform, body.refreshToken)).statusCode, 200, 'the new one works once')
  })

  t.test('reusing a rotated token revokes its whole family, and other logins are untouched', async t => {
    const first = await signIn()
    const other = await signIn()
    const second = (await refresh(platform, first)).json().refreshToken
    const reused = await refresh(platform, first)
    t.equal(reused.statusCode, 401)
    t.equal(reused.json().code, 'BR_REFRESH_INVALID')
    const afterReuse = await refresh(platform, second)
    t.equal(afterReuse.statusCode, 401, 'the token issued from the reused one is revoked too')
    t.equal(afterReuse.json().code, 'BR_REFRESH_INVALID')
    t.equal((await refresh(platform, other)).statusCode, 200, 'another login keeps working')
  })

  t.test('an unknown token is 401 BR_REFRESH_INVALID', async t => {
    const response = await refresh(platform, 'not-a-token')
    t.equal(response.statusCode, 401)
    t.equal(response.json().code, 'BR_REFRESH_INVALID')
  })

  t.test('an expired token is 401 BR_REFRESH_INVALID', async t => {
    const token = await signIn()
    // Moves the token's expiry into the past instead of waiting 30 days.
    await platform.database.knex.withSchema('core').from('refresh_tokens').where({ token_hash: hashToken(token) })
      .update({ expires_at: platform.database.knex.raw(`now() - interval '1 second'`) })
    const response = await refresh(platform, token)
    t.equal(response.statusCode, 401)
    t.equal(response.json().code, 'BR_REFRESH_INVALID')
  })

  t.test('deactivating an employee revokes their refresh tokens', async t => {
    const staff = await createStaff(platform)
    const token = await signIn(staff.email, staff.password)
    await platform.asAdmin({ method: 'PATCH', url: `/api/employees/${staff.id}`, payload: { active: false } })
    const response = await refresh(platform, token)
    t.equal(response.statusCode, 401)
    t.equal(response.json().code, 'BR_REFRESH_INVALID')
  })

  t.test('an employee deactivated any other way (such as in SQL) cannot refresh either: 401 BR_ACCOUNT_INACTIVE', async t => {
    const staff = await createStaff(platform)
    const token = await signIn(staff.email, staff.password)
    await platform.database.knex.withSchema('core').from('employees').where({ id: staff.id }).update({ active: false })
    const response = await refresh(platform, token)
    t.equal(response.statusCode, 401)
    t.equal(response.json().code, 'BR_ACCOUNT_INACTIVE')
  })

  t.test('refresh tokens are stored only as their hash', async t => {
    const token = await signIn()
    const stored = await platform.database.knex.withSchema('core').from('refresh_tokens').pluck('token_hash')
    t.notOk(stored.includes(token))
    t.ok(stored.every((hash: string) => /^[0-9a-f]{64}$/.test(hash)))
  })

  t.test('a missing or empty token is 400 BR_VALIDATION', async t => {
    const response = await platform.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: '' } })
    t.equal(response.statusCode, 400)
    t.equal(response.json().code, 'BR_VALIDATION')
    t.equal(response.json().details[0].path, 'body/refreshToken')
  })
})
