import t from 'tap'
import { startPlatform } from '../helpers/platform.ts'
import { createProfile, createStaff, login, STAFF_PASSWORD } from './helpers.ts'

const newEmployee = (email: string, profileId: number) => ({ email, firstName: 'Alex', lastName: 'Doe', password: STAFF_PASSWORD, profileId })

t.test('employees', async t => {
  const platform = await startPlatform(t)
  const { asAdmin } = platform
  const superAdminProfile = (await asAdmin({ url: `/api/employees/${platform.adminId}` })).json().profileId

  t.test('an employee is created, read and changed; no password hash or 2FA secret is ever sent', async t => {
    const profileId = await createProfile(platform, [])
    const created = await asAdmin({ method: 'POST', url: '/api/employees', payload: { ...newEmployee('alex@shop.test', profileId), language: 'fr' } })
    t.equal(created.statusCode, 201)
    const employee = created.json()
    t.match(employee, { id: Number, email: 'alex@shop.test', firstName: 'Alex', lastName: 'Doe', active: true, profileId, language: 'fr', totpEnabled: false })
    t.same(Object.keys(employee).sort(), ['active', 'createdAt', 'email', 'firstName', 'id', 'language', 'lastName', 'profileId', 'totpEnabled', 'updatedAt'])
    t.same((await asAdmin({ url: `/api/employees/${employee.id}` })).json(), employee)

    const changed = await asAdmin({ method: 'PATCH', url: `/api/employees/${employee.id}`, payload: { lastName: 'Smith', language: 'de' } })
    t.equal(changed.statusCode, 200)
    t.match(changed.json(), { id: employee.id, firstName: 'Alex', lastName: 'Smith', language: 'de' })
  })

  t.test('a password set by an admin works for login and ends the employee\'s sessions', async t => {
    const staff = await createStaff(platform)
    const session = (await login(platform, { email: staff.email, password: staff.password })).json()
    t.equal((await asAdmin({ method: 'PATCH', url: `/api/employees/${staff.id}`, payload: { password: 'set by the admin' } })).statusCode, 200)
    t.equal((await login(platform, { email: staff.email, password: 'set by the admin' })).statusCode, 200)
    const refreshed = await platform.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: session.refreshToken } })
    t.equal(refreshed.statusCode, 401)
  })

  t.test('emails are unique whatever their letter case: 409 BR_EMPLOYEE_EMAIL_TAKEN', async t => {
    const staff = await createStaff(platform)
    const duplicate = await asAdmin({ method: 'POST', url: '/api/employees', payload: newEmployee(staff.email.toUpperCase(), staff.profileId) })
    t.equal(duplicate.statusCode, 409)
    t.equal(duplicate.json().code, 'BR_EMPLOYEE_EMAIL_TAKEN')
    const other = await createStaff(platform)
    const renamed = await asAdmin({ method: 'PATCH', url: `/api/employees/${other.id}`, payload: { email: staff.email } })
    t.equal(renamed.statusCode, 409)
    t.equal(renamed.json().code, 'BR_EMPLOYEE_EMAIL_TAKEN')
  })

  t.test('the list filters on active, profile and text, and pages by cursor', async t => {
    const profileId = await createProfile(platform, [])
    const made = []
    for (const name of ['Ann', 'Bob', 'Cid', 'Dee', 'Eve']) {
      made.push((await asAdmin({ method: 'POST', url: '/api/employees', payload: { ...newEmployee(`${name.toLowerCase()}@list.test`, profileId), firstName: name } })).json())
    }
    await asAdmin({ method: 'PATCH', url: `/api/employees/${made[1].id}`, payload: { active: false } })
    const list = async (query: string) => (await asAdmin({ url: `/api/employees?${query}` })).json()

    const ofProfile = await list(`profileId=${profileId}`)
    t.same(ofProfile.items.map((e: { firstName: string }) => e.firstName), ['Ann', 'Bob', 'Cid', 'Dee', 'Eve'])
    t.equal(ofProfile.nextCursor, null)
    t.same((await list(`profileId=${profileId}&active=false`)).items.map((e: { firstName: string }) => e.firstName), ['Bob'])
    t.same((await list('text=EVE@LIST')).items.map((e: { id: number }) => e.id), [made[4].id], 'text matches the email, case-insensitively')
    t.same((await list('text=cid')).items.map((e: { id: number }) => e.id), [made[2].id], 'text matches the first name')
    t.same((await list('text=%25')).items, [], 'LIKE wildcards in the text are taken literally')

    const pages = []
    let cursor: number | null = null
    do {
      const page: { items: Array<{ firstName: string }>, nextCursor: number | null } = await list(`profileId=${profileId}&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`)
      pages.push(page.items.map(e => e.firstName))
      cursor = page.nextCursor
    } while (cursor !== null)
    t.same(pages, [['Ann', 'Bob'], ['Cid', 'Dee'], ['Eve']])
  })

  t.test('a limit above 200 or a text filter that is empty is 400 BR_VALIDATION naming the field', async t => {
    const response = await asAdmin({ url: '/api/employees?limit=201&text=' })
    t.equal(response.statusCode, 400)
    t.same(response.json().details.map((d: { path: string }) => d.path).sort(), ['querystring/limit', 'querystring/text'])
  })

  t.test('a malformed body is 400 BR_VALIDATION with field paths, and nothing is written', async t => {
    const before = (await asAdmin({ url: '/api/employees?limit=200' })).json().items.length
    const response = await asAdmin({ method: 'POST', url: '/api/employees', payload: { email: 'nope', firstName: '', password: 'short', profileId: 'x', role: 'boss' } })
    t.equal(response.statusCode, 400)
    const paths = response.json().details.map((d: { path: string }) => d.path)
    for (const path of ['body/email', 'body/firstName', 'body/lastName', 'body/password', 'body/profileId', 'body/role']) t.ok(paths.includes(path), path)
    t.equal((await asAdmin({ url: '/api/employees?limit=200' })).json().items.length, before)
    const empty = await asAdmin({ method: 'PATCH', url: `/api/employees/${platform.adminId}`, payload: {} })
    t.equal(empty.statusCode, 400, 'a change must change something')
  })

  t.test('an unknown employee is 404 BR_EMPLOYEE_NOT_FOUND, an unknown profile 404 BR_PROFILE_NOT_FOUND', async t => {
    t.equal((await asAdmin({ url: '/api/employees/999999' })).json().code, 'BR_EMPLOYEE_NOT_FOUND')
    t.equal((await asAdmin({ method: 'PATCH', url: '/api/employees/999999', payload: { firstName: 'X' } })).json().code, 'BR_EMPLOYEE_NOT_FOUND')
    const response = await asAdmin({ method: 'POST', url: '/api/employees', payload: newEmployee('ghost@shop.test', 999999) })
    t.equal(response.statusCode, 404)
    t.equal(response.json().code, 'BR_PROFILE_NOT_FOUND')
  })

  t.test('deactivating an employee locks them out at once: their access token stops working', async t => {
    const staff = await createStaff(platform)
    t.equal((await staff.inject({ url: '/api/me' })).statusCode, 200, 'their principal is now cached')
    await asAdmin({ method: 'PATCH', url: `/api/employees/${staff.id}`, payload: { active: false } })
    const response = await staff.inject({ url: '/api/me' })
    t.equal(response.statusCode, 401)
    t.equal(response.json().code, 'BR_UNAUTHENTICATED')
  })

  t.test('nobody can deactivate themselves: 409 BR_EMPLOYEE_SELF_LOCKOUT', async t => {
    const manager = await createStaff(platform, { permissions: ['core.employees.read', 'core.employees.write'] })
    const response = await manager.inject({ method: 'PATCH', url: `/api/employees/${manager.id}`, payload: { active: false } })
    t.equal(response.statusCode, 409)
    t.equal(response.json().code, 'BR_EMPLOYEE_SELF_LOCKOUT')
  })

  t.test('the last active SuperAdmin can be neither demoted nor deactivated, even from the command line', async t => {
    const second = await createStaff(platform, { profileId: superAdminProfile })
    const otherProfile = await createProfile(platform, [])
    const demoteFirst = await second.inject({ method: 'PATCH', url: `/api/employees/${platform.adminId}`, payload: { profileId: otherProfile } })
    t.equal(demoteFirst.statusCode, 200, 'with two SuperAdmins, one may be demoted')
    const demoteSelf = await second.inject({ method: 'PATCH', url: `/api/employees/${second.id}`, payload: { profileId: otherProfile } })
    t.equal(demoteSelf.statusCode, 409)
    t.equal(demoteSelf.json().code, 'BR_EMPLOYEE_SELF_LOCKOUT')
    t.match(demoteSelf.json().message, /no active SuperAdmin/)
    // The command line acts as nobody in particular (a null actor), so only the SuperAdmin rule applies.
    await t.rejects(platform.platform.services.employees.update(null, second.id, { active: false }), { code: 'BR_EMPLOYEE_SELF_LOCKOUT' })
    t.equal((await second.inject({ method: 'PATCH', url: `/api/employees/${platform.adminId}`, payload: { profileId: superAdminProfile } })).statusCode, 200, 'restored')
  })

  t.test('nobody gives a profile holding more than they hold, or manages someone who holds more: 403 BR_PERMISSION_NOT_HELD', async t => {
    const manager = await createStaff(platform, { permissions: ['core.employees.read', 'core.employees.write'] })
    const bigger = await createProfile(platform, ['core.employees.write', 'core.audit.read'])
    const smaller = await createProfile(platform, ['core.employees.read'])
    const grantBigger = await manager.inject({ method: 'POST', url: '/api/employees', payload: newEmployee('bigger@shop.test', bigger) })
    t.equal(grantBigger.statusCode, 403)
    t.equal(grantBigger.json().code, 'BR_PERMISSION_NOT_HELD')
    const grantSuperAdmin = await manager.inject({ method: 'PATCH', url: `/api/employees/${manager.id}`, payload: { profileId: superAdminProfile } })
    t.equal(grantSuperAdmin.json().code, 'BR_PERMISSION_NOT_HELD', 'no promoting oneself')
    const resetAdmin = await manager.inject({ method: 'PATCH', url: `/api/employees/${platform.adminId}`, payload: { password: 'taken over now' } })
    t.equal(resetAdmin.json().code, 'BR_PERMISSION_NOT_HELD', 'no taking over a SuperAdmin account')
    t.equal((await manager.inject({ method: 'POST', url: '/api/employees', payload: newEmployee('smaller@shop.test', smaller) })).statusCode, 201)
  })

  t.test('reading needs core.employees.read and writing core.employees.write: 401 without a token, 403 without the permission', async t => {
    t.equal((await platform.app.inject({ url: '/api/employees' })).statusCode, 401)
    const reader = await createStaff(platform, { permissions: ['core.employees.read'] })
    const nobody = await createStaff(platform)
    const denied = await nobody.inject({ url: '/api/employees' })
    t.equal(denied.statusCode, 403)
    t.equal(denied.json().code, 'BR_FORBIDDEN')
    t.equal((await reader.inject({ url: `/api/employees/${reader.id}` })).statusCode, 200)
    const write = await reader.inject({ method: 'PATCH', url: `/api/employees/${reader.id}`, payload: { firstName: 'Me' } })
    t.equal(write.statusCode, 403)
    t.match(write.json().message, /core\.employees\.write/)
  })
})
