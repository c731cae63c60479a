import t from 'tap'
import { CORE_PERMISSIONS } from '../../core/people/core-permissions.ts'
import { startPlatform } from '../helpers/platform.ts'
import { createStaff } from './helpers.ts'

t.test('GET /api/permissions', async t => {
  const platform = await startPlatform(t, { modules: ['hello'] })

  t.test('lists every permission of the core and of the installed modules, with module and description', async t => {
    const before = (await platform.asAdmin({ url: '/api/permissions' })).json().items
    t.same(before.map((p: { key: string }) => p.key), Object.keys(CORE_PERMISSIONS).sort(), 'only the core before any install')
    t.same(before.find((p: { key: string }) => p.key === 'core.audit.read'), { key: 'core.audit.read', module: 'core', description: CORE_PERMISSIONS['core.audit.read'] })

    await platform.asAdmin({ method: 'POST', url: '/api/modules/hello/install' })
    const after = (await platform.asAdmin({ url: '/api/permissions' })).json().items
    t.same(after.filter((p: { module: string }) => p.module === 'hello'), [
      { key: 'hello.greetings.read', module: 'hello', description: 'Read greetings' },
      { key: 'hello.greetings.write', module: 'hello', description: 'Write greetings' }
    ])
  })

  t.test('needs core.profiles.read', async t => {
    t.equal((await platform.app.inject({ url: '/api/permissions' })).statusCode, 401)
    t.equal((await (await createStaff(platform)).inject({ url: '/api/permissions' })).statusCode, 403)
    t.equal((await (await createStaff(platform, { permissions: ['core.profiles.read'] })).inject({ url: '/api/permissions' })).statusCode, 200)
  })
})
