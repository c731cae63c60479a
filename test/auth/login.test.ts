import t from 'tap'
import { ADMIN_EMAIL, ADMIN_PASSWORD, startPlatform } from '../helpers/platform.ts'
import { claimsOf, createStaff, login } from '../people/helpers.ts'

t.test('login', async t => {
  const platform = await startPlatform(t)

  t.test('the right email and password give an access token, a refresh token and the employee', async t => {
    const response = await login(platform, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
    t.equal(response.statusCode, 200)
    const body = response.json()
    t.match(body, { accessToken: String, refreshToken: String, expiresIn: 900, employee: { id: platform.adminId, email: ADMIN_EMAIL, active: true, totpEnabled: false } })
    const claims = claimsOf(body.accessToken)
    t.equal(claims.exp - claims.iat, 900, 'by default an access token lives 15 minutes')
    t.notOk('passwordHash' in body.employee || 'password_hash' in body.employee || 'totpSecret' in body.employee, 'no secrets in the employee')
    const me = await platform.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${body.accessToken}` } })
    t.equal(me.statusCode, 200, 'the access token authenticates')
    t.equal(me.json().id, platform.adminId)
  })

  t.test('the email is matched whatever its letter case', async t => {
    const response = await login(platform, { email: ADMIN_EMAIL.toUpperCase(), password: ADMIN_PASSWORD })
    t.equal(response.statusCode, 200)
  })

  t.test('a wrong password and an unknown email get the same 401 BR_INVALID_CREDENTIALS', async t => {
    const wrongPassword = await login(platform, { email: ADMIN_EMAIL, password: 'not the password' })
    const unknownEmail = await login(platform, { email: 'nobody@shop.test', password: ADMIN_PASSWORD })
    t.equal(wrongPassword.statusCode, 401)
    t.equal(wrongPassword.json().code, 'BR_INVALID_CREDENTIALS')
    t.same(unknownEmail.json(), wrongPassword.json(), 'nothing tells which part was wrong')
  })

  t.test('a deactivated employee gets 401 BR_ACCOUNT_INACTIVE, but only with the right password', async t => {
    const staff = await createStaff(platform)
    await platform.asAdmin({ method: 'PATCH', url: `/api/employees/${staff.id}`, payload: { active: false } })
    const right = await login(platform, { email: staff.email, password: staff.password })
    t.equal(right.statusCode, 401)
    t.equal(right.json().code, 'BR_ACCOUNT_INACTIVE')
    const wrong = await login(platform, { email: staff.email, password: 'not the password' })
    t.equal(wrong.json().code, 'BR_INVALID_CREDENTIALS', 'a guess learns nothing about the account')
  })

  t.test('a malformed body is 400 BR_VALIDATION naming each field', async t => {
    const response = await login(platform, { email: 'not an email', extra: 1 })
    t.equal(response.statusCode, 400)
    const body = response.json()
    t.equal(body.code, 'BR_VALIDATION')
    const paths = body.details.map((detail: { path: string }) => detail.path)
    t.ok(paths.includes('body/email'), 'bad email format')
    t.ok(paths.includes('body/password'), 'missing password')
    t.ok(paths.includes('body/extra'), 'unknown property')
  })
})
