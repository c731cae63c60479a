import t from 'tap'
import { startPlatform } from '../helpers/platform.ts'
import { createProfile, createStaff } from './helpers.ts'

t.test('profiles', async t => {
  const platform = await startPlatform(t, { modules: ['hello'], install: ['hello'] })
  const { asAdmin } = platform
  const builtin = Object.fromEntries((await asAdmin({ url: '/api/profiles' })).json().items.map((p: { name: string, id: number }) => [p.name, p.id]))

  t.test('the four default profiles exist; SuperAdmin holds every permission, a module\'s defaults went to the others', async t => {
    const items = (await asAdmin({ url: '/api/profiles' })).json().items
    t.same(items.map((p: { name: string }) => p.name), ['SuperAdmin', 'Logistician', 'Translator', 'Salesman'])
    const superAdmin = items.find((p: { name: string }) => p.name === 'SuperAdmin')
    t.match(superAdmin, { builtin: true, allPermissions: true })
    t.ok(superAdmin.permissions.includes('core.audit.read') && superAdmin.permissions.includes('hello.greetings.write'))
    t.same(items.find((p: { name: string }) => p.name === 'Salesman').permissions, ['hello.greetings.read'])
  })

  t.test('a profile is created, read, renamed, given other permissions and deleted', async t => {
    const created = await asAdmin({ method: 'POST', url: '/api/profiles', payload: { name: 'Support', permissions: ['core.employees.read', 'hello.greetings.read'] } })
    t.equal(created.statusCode, 201)
    const profile = created.json()
    t.match(profile, { id: Number, name: 'Support', builtin: false, allPermissions: false, permissions: ['core.employees.read', 'hello.greetings.read'] })
    t.same((await asAdmin({ url: `/api/profiles/${profile.id}` })).json(), profile)
    const changed = await asAdmin({ method: 'PATCH', url: `/api/profiles/${profile.id}`, payload: { name: 'Customer care', permissions: ['core.audit.read'] } })
    t.equal(changed.statusCode, 200)
    t.match(changed.json(), { name: 'Customer care', permissions: ['core.audit.read'] })
    t.equal((await asAdmin({ method: 'DELETE', url: `/api/profiles/${profile.id}` })).statusCode, 204)
    t.equal((await asAdmin({ url: `/api/profiles/${profile.id}` })).json().code, 'BR_PROFILE_NOT_FOUND')
  })

  t.test('changing a profile\'s permissions changes what its employees may do at once', async t => {
    const staff = await createStaff(platform, { permissions: [] })
    t.equal((await staff.inject({ url: '/api/audit' })).statusCode, 403)
    await asAdmin({ method: 'PATCH', url: `/api/profiles/${staff.profileId}`, payload: { permissions: ['core.audit.read'] } })
    t.equal((await staff.inject({ url: '/api/audit' })).statusCode, 200)
  })

  t.test('an unknown permission is 400 BR_UNKNOWN_PERMISSION naming it, and nothing is written', async t => {
    const response = await asAdmin({ method: 'POST', url: '/api/profiles', payload: { name: 'Ghosts', permissions: ['core.audit.read', 'ghost.haunt'] } })
    t.equal(response.statusCode, 400)
    t.match(response.json(), { code: 'BR_UNKNOWN_PERMISSION', message: /ghost\.haunt/, details: { unknown: ['ghost.haunt'] } })
    const names = (await asAdmin({ url: '/api/profiles' })).json().items.map((p: { name: string }) => p.name)
    t.notOk(names.includes('Ghosts'))
  })

  t.test('profile names are unique: 409 BR_PROFILE_NAME_TAKEN', async t => {
    const response = await asAdmin({ method: 'POST', url: '/api/profiles', payload: { name: 'Translator', permissions: [] } })
    t.equal(response.statusCode, 409)
    t.equal(response.json().code, 'BR_PROFILE_NAME_TAKEN')
  })

  t.test('SuperAdmin\'s permissions cannot be edited nor SuperAdmin deleted: 409 BR_PROFILE_PROTECTED', async t => {
    const edit = await asAdmin({ method: 'PATCH', url: `/api/profiles/${builtin.SuperAdmin}`, payload: { permissions: ['core.audit.read'] } })
    t.equal(edit.statusCode, 409)
    t.equal(edit.json().code, 'BR_PROFILE_PROTECTED')
    t.equal((await asAdmin({ method: 'DELETE', url: `/api/profiles/${builtin.SuperAdmin}` })).json().code, 'BR_PROFILE_PROTECTED')
    t.equal((await asAdmin({ url: `/api/profiles/${builtin.SuperAdmin}` })).json().allPermissions, true)
  })

  t.test('the default profiles keep their names and cannot be deleted, but their permissions can change', async t => {
    t.equal((await asAdmin({ method: 'PATCH', url: `/api/profiles/${builtin.Translator}`, payload: { name: 'Linguist' } })).json().code, 'BR_PROFILE_PROTECTED')
    t.equal((await asAdmin({ method: 'DELETE', url: `/api/profiles/${builtin.Translator}` })).json().code, 'BR_PROFILE_PROTECTED')
    const changed = await asAdmin({ method: 'PATCH', url: `/api/profiles/${builtin.Translator}`, payload: { name: 'Translator', permissions: ['hello.greetings.write'] } })
    t.equal(changed.statusCode, 200)
    t.same(changed.json().permissions, ['hello.greetings.write'])
  })

  t.test('a profile in use cannot be deleted: 409 BR_PROFILE_IN_USE', async t => {
    const staff = await createStaff(platform, { permissions: [] })
    const response = await asAdmin({ method: 'DELETE', url: `/api/profiles/${staff.profileId}` })
    t.equal(response.statusCode, 409)
    t.equal(response.json().code, 'BR_PROFILE_IN_USE')
    t.equal((await asAdmin({ url: `/api/profiles/${staff.profileId}` })).statusCode, 200, 'still there')
  })

  t.test('nobody adds a permission they do not hold to a profile: 403 BR_PERMISSION_NOT_HELD', async t => {
    const editor = await createStaff(platform, { permissions: ['core.profiles.read', 'core.profiles.write', 'hello.greetings.read'] })
    const target = await createProfile(platform, ['core.audit.read'])
    const grant = await editor.inject({ method: 'PATCH', url: `/api/profiles/${target}`, payload: { permissions: ['core.audit.read', 'hello.greetings.write'] } })
    t.equal(grant.statusCode, 403)
    t.match(grant.json(), { code: 'BR_PERMISSION_NOT_HELD', message: /hello\.greetings\.write/ })
    const keep = await editor.inject({ method: 'PATCH', url: `/api/profiles/${target}`, payload: { permissions: ['core.audit.read', 'hello.greetings.read'] } })
    t.equal(keep.statusCode, 200, 'keeping a permission already there is no grant')
    t.equal((await editor.inject({ method: 'POST', url: '/api/profiles', payload: { name: 'Too much', permissions: ['core.audit.read'] } })).statusCode, 403)
  })

  t.test('a malformed body is 400 BR_VALIDATION with field paths', async t => {
    const response = await asAdmin({ method: 'POST', url: '/api/profiles', payload: { name: '', permissions: [''], color: 'red' } })
    t.equal(response.statusCode, 400)
    t.same(response.json().details.map((d: { path: string }) => d.path).sort(), ['body/color', 'body/name', 'body/permissions/0'])
    t.equal((await asAdmin({ method: 'PATCH', url: '/api/profiles/abc', payload: { name: 'x' } })).json().details[0].path, 'params/id')
  })

  t.test('reading needs core.profiles.read and writing core.profiles.write: 401 without a token, 403 without the permission', async t => {
    t.equal((await platform.app.inject({ url: '/api/profiles' })).statusCode, 401)
    const reader = await createStaff(platform, { permissions: ['core.profiles.read'] })
    t.equal((await reader.inject({ url: '/api/profiles' })).statusCode, 200)
    const write = await reader.inject({ method: 'POST', url: '/api/profiles', payload: { name: 'Mine', permissions: [] } })
    t.equal(write.statusCode, 403)
    t.equal(write.json().code, 'BR_FORBIDDEN')
    t.equal((await (await createStaff(platform)).inject({ url: `/api/profiles/${builtin.Salesman}` })).statusCode, 403)
  })
})
