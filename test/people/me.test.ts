import t from 'tap'
import { ADMIN_EMAIL, startPlatform } from '../helpers/platform.ts'
import { createStaff, login } from './helpers.ts'

t.test('the caller\'s own account', async t => {
  const platform = await startPlatform(t, { modules: ['hello'], install: ['hello'] })

  t.test('GET /api/me shows the employee, the profile name and the effective permissions', async t => {
    const staff = await createStaff(platform, { permissions: ['core.audit.read', 'hello.greetings.read'] })
    const me = await staff.inject({ url: '/api/me' })
    t.equal(me.statusCode, 200)
    t.match(me.json(), { id: staff.id, email: staff.email, firstName: 'Sam', active: true, profileId: staff.profileId, profileName: /^profile/ })
    t.same(me.json().permissions, ['core.audit.read', 'hello.greetings.read'])
  })

  t.test('a SuperAdmin holds every permission, those of installed modules included', async t => {
    const me = (await platform.asAdmin({ url: '/api/me' })).json()
    t.equal(me.email, ADMIN_EMAIL)
    t.equal(me.profileName, 'SuperAdmin')
    t.ok(me.permissions.includes('core.employees.write'))
    t.ok(me.permissions.includes('hello.greetings.write'))
  })

  t.test('needs a token: 401 BR_UNAUTHENTICATED', async t => {
    const response = await platform.app.inject({ url: '/api/me' })
    t.equal(response.statusCode, 401)
    t.equal(response.json().code, 'BR_UNAUTHENTICATED')
  })

  t.test('an API key has no account: 403 BR_EMPLOYEE_ONLY', async t => {
    const { key } = (await platform.asAdmin({ method: 'POST', url: '/api/api-keys', payload: { name: 'shop sync', permissions: ['core.audit.read'] } })).json()
    const response = await platform.app.inject({ url: '/api/me', headers: { 'x-api-key': key } })
    t.equal(response.statusCode, 403)
    t.equal(response.json().code, 'BR_EMPLOYEE_ONLY')
  })

  t.test('changing one\'s password needs the current one, and ends every session', async t => {
    const staff = await createStaff(platform)
    const session = (await login(platform, { email: staff.email, password: staff.password })).json()
    const newPassword = 'a brand new password'
    const wrong = await staff.inject({ method: 'PUT', url: '/api/me/password', payload: { currentPassword: 'not it at all', newPassword } })
    t.equal(wrong.statusCode, 403)
    t.equal(wrong.json().code, 'BR_REAUTHENTICATION_FAILED')

    t.equal((await staff.inject({ method: 'PUT', url: '/api/me/password', payload: { currentPassword: staff.password, newPassword } })).statusCode, 204)
    t.equal((await login(platform, { email: staff.email, password: staff.password })).statusCode, 401, 'the old password no longer works')
    t.equal((await login(platform, { email: staff.email, password: newPassword })).statusCode, 200, 'the new one does')
    const refreshed = await platform.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: session.refreshToken } })
    t.equal(refreshed.json().code, 'BR_REFRESH_INVALID', 'the earlier session is over')
  })

  t.test('a new password shorter than 10 characters is 400 BR_VALIDATION on body/newPassword', async t => {
    const staff = await createStaff(platform)
    const response = await staff.inject({ method: 'PUT', url: '/api/me/password', payload: { currentPassword: staff.password, newPassword: 'short' } })
    t.equal(response.statusCode, 400)
    t.equal(response.json().code, 'BR_VALIDATION')
    t.same(response.json().details.map((detail: { path: string }) => detail.path), ['body/newPassword'])
  })
})
