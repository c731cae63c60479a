import t from 'tap'
import { startPlatform } from '../helpers/platform.ts'

t.test('install runs the migrations, registers permissions and mounts the routes without a restart', async t => {
  const { asAdmin, database } = await startPlatform(t, { modules: ['hello'] })
  t.equal((await asAdmin({ url: '/api/hello/greetings' })).statusCode, 404, 'not mounted before install')

  const installed = await asAdmin({ method: 'POST', url: '/api/modules/hello/install' })
  t.equal(installed.statusCode, 200)
  t.match(installed.json(), { name: 'hello', state: 'enabled', installedVersion: '1.0.0' })

  const created = await asAdmin({ method: 'POST', url: '/api/hello/greetings', payload: { text: 'hi' } })
  t.equal(created.statusCode, 201)
  t.same((await asAdmin({ url: '/api/hello/greetings' })).json(), [{ id: 1, text: 'hi' }])
  const permissions = await database.knex.withSchema('core').from('permissions').where({ module: 'hello' }).orderBy('key').pluck('key')
  t.same(permissions, ['hello.greetings.read', 'hello.greetings.write'])
})

t.test('a disabled module keeps its data and answers 404 BR_MODULE_DISABLED until enabled again', async t => {
  const { asAdmin } = await startPlatform(t, { modules: ['hello'], install: ['hello'] })
  await asAdmin({ method: 'POST', url: '/api/hello/greetings', payload: { text: 'kept' } })

  const disabled = await asAdmin({ method: 'POST', url: '/api/modules/hello/disable' })
  t.equal(disabled.json().state, 'disabled')
  const refused = await asAdmin({ url: '/api/hello/greetings' })
  t.equal(refused.statusCode, 404)
  t.equal(refused.json().code, 'BR_MODULE_DISABLED')

  t.equal((await asAdmin({ method: 'POST', url: '/api/modules/hello/enable' })).json().state, 'enabled')
  t.same((await asAdmin({ url: '/api/hello/greetings' })).json(), [{ id: 1, text: 'kept' }])
})
