import t from 'tap'
import { startPlatform } from '../helpers/platform.ts'
import { lifecycleProbe } from '../fixtures/modules/lifecycle_probe/probe.ts'
import { ensureInstalled, moduleAction, modulePermissions, profilePermissions, schemaExists } from './support.ts'

// One platform for the file; lifecycle_probe has two migrations and grants log.read to Logistician.
const platform = await startPlatform(t, { modules: ['lifecycle_probe'] })
const knex = platform.database.knex

t.test('uninstall needs the module name repeated as confirmation', async t => {
  await ensureInstalled(platform, ['lifecycle_probe'])
  lifecycleProbe.reset()
  const cases: Array<[string, unknown, string]> = [
    ['no body', undefined, 'BR_VALIDATION'],
    ['no confirmation', {}, 'BR_VALIDATION'],
    ['an unknown field', { confirm: 'lifecycle_probe', force: true }, 'BR_VALIDATION'],
    ['another name', { confirm: 'hello' }, 'BR_MODULE_CONFIRMATION_REQUIRED']
  ]
  for (const [what, payload, code] of cases) {
    const refused = await moduleAction(platform, 'lifecycle_probe', 'uninstall', payload)
    t.equal(refused.statusCode, 400, what)
    t.equal(refused.json().code, code, what)
  }
  t.match((await moduleAction(platform, 'lifecycle_probe', 'uninstall', { confirm: 'hello' })).json(), {
    message: 'Uninstalling lifecycle_probe drops its data: send {"confirm": "lifecycle_probe"}'
  })
  t.equal((await platform.asAdmin({ url: '/api/modules/lifecycle_probe' })).json().state, 'enabled', 'nothing was uninstalled')
  t.same(lifecycleProbe.migrationSteps, [])
})

t.test('uninstall runs the down migrations, drops the schema, removes the permissions from profiles, and the module is available again', async t => {
  await ensureInstalled(platform, ['lifecycle_probe'])
  t.same(await profilePermissions(knex, 'Logistician', 'lifecycle_probe.'), ['lifecycle_probe.log.read'])
  lifecycleProbe.reset()

  const uninstalled = await moduleAction(platform, 'lifecycle_probe', 'uninstall', { confirm: 'lifecycle_probe' })
  t.equal(uninstalled.statusCode, 200)
  t.same(uninstalled.json(), { name: 'lifecycle_probe', state: 'available' })
  t.same(lifecycleProbe.migrationSteps, ['002 down', '001 down'], 'every applied migration ran down, newest first')
  t.notOk(await schemaExists(knex, 'lifecycle_probe'), 'the schema is dropped')
  t.same(await modulePermissions(knex, 'lifecycle_probe'), [])
  t.same(await profilePermissions(knex, 'Logistician', 'lifecycle_probe.'), [], 'no profile holds its permissions')
  t.match((await platform.asAdmin({ url: '/api/modules/lifecycle_probe' })).json(), { state: 'available', installedVersion: null, installedAt: null })
  t.equal((await platform.asAdmin({ url: '/api/lifecycle_probe/log' })).json().code, 'BR_NOT_FOUND', 'its routes are gone')

  lifecycleProbe.reset()
  t.equal((await moduleAction(platform, 'lifecycle_probe', 'install')).json().state, 'enabled')
  t.same(lifecycleProbe.migrationSteps, ['001 up', '002 up'], 'installing again starts from an empty history')
  t.same(await profilePermissions(knex, 'Logistician', 'lifecycle_probe.'), ['lifecycle_probe.log.read'])
})
