import t, { type Test } from 'tap'
import { startPlatform } from '../helpers/platform.ts'
import { lifecycleProbe } from '../fixtures/modules/lifecycle_probe/probe.ts'
import { databaseOutline, ensureInstalled, moduleAction, schemaExists } from './support.ts'

// One platform for the file; each test brings lifecycle_probe to the state it starts from.
const platform = await startPlatform(t, { modules: ['lifecycle_probe'] })
const knex = platform.database.knex

async function hookLog (): Promise<string[]> {
  return await knex.withSchema('lifecycle_probe').from('hook_log').orderBy('id').pluck('hook')
}

async function stateOf (): Promise<{ state: string, lastError: string | null }> {
  return (await platform.asAdmin({ url: '/api/modules/lifecycle_probe' })).json()
}

async function act (action: string) {
  return await moduleAction(platform, 'lifecycle_probe', action, action === 'uninstall' ? { confirm: 'lifecycle_probe' } : undefined)
}

async function expectRefusedByHook (t: Test, action: string, hook: string): Promise<void> {
  lifecycleProbe.failingHook = hook
  const response = await act(action)
  lifecycleProbe.failingHook = undefined
  t.equal(response.statusCode, 409, `${action} answers 409`)
  t.match(response.json(), { code: 'BR_MODULE_FAILED', message: `Module lifecycle_probe failed: the ${hook} hook failed on purpose` })
}

t.beforeEach(() => { lifecycleProbe.reset() })

t.test('install, enable, disable and uninstall call their hooks with the module context and the change\'s transaction', async t => {
  const call = (hook: string) => ({ hook, module: 'lifecycle_probe', schema: 'lifecycle_probe', inTransaction: true })

  t.equal((await act('install')).statusCode, 200)
  t.same(lifecycleProbe.hookCalls, [call('install'), call('enable')])
  // The hooks wrote into the table the install's own migration had just created, so they ran in its transaction.
  t.same(await hookLog(), ['install', 'enable'])

  t.equal((await act('disable')).statusCode, 200)
  t.equal((await act('enable')).statusCode, 200)
  t.same(lifecycleProbe.hookCalls.slice(2), [call('disable'), call('enable')])
  t.same(await hookLog(), ['install', 'enable', 'disable', 'enable'])

  t.equal((await act('uninstall')).statusCode, 200)
  t.same(lifecycleProbe.hookCalls.slice(4), [call('disable'), call('uninstall')], 'an enabled module is disabled, then uninstalled')
})

t.test('an install hook that throws rolls the install back: the module is failed and the database as it was', async t => {
  const before = await databaseOutline(knex)
  await expectRefusedByHook(t, 'install', 'install')
  t.match(await stateOf(), { state: 'failed', installedVersion: null, lastError: 'the install hook failed on purpose' })
  t.same(await databaseOutline(knex), before)
  t.notOk(await schemaExists(knex, 'lifecycle_probe'))

  t.equal((await act('install')).json().state, 'enabled', 'installing again works once the hook passes')
})

t.test('a disable hook that throws rolls the disable back: the module stays enabled and keeps serving', async t => {
  await ensureInstalled(platform, ['lifecycle_probe'])
  const log = await hookLog()
  await expectRefusedByHook(t, 'disable', 'disable')
  t.match(await stateOf(), { state: 'enabled', lastError: 'the disable hook failed on purpose' })
  t.same(await hookLog(), log, 'what the hook wrote was rolled back')
  t.equal((await platform.asAdmin({ url: '/api/lifecycle_probe/log' })).statusCode, 200)
})

t.test('an enable hook that throws rolls the enable back: the module is failed and does not serve', async t => {
  await ensureInstalled(platform, ['lifecycle_probe'])
  t.equal((await act('disable')).statusCode, 200)
  const log = await hookLog()
  await expectRefusedByHook(t, 'enable', 'enable')
  t.match(await stateOf(), { state: 'failed', lastError: 'the enable hook failed on purpose' })
  t.same(await hookLog(), log, 'what the hook wrote was rolled back')
  t.equal((await platform.asAdmin({ url: '/api/lifecycle_probe/log' })).statusCode, 503)

  t.equal((await act('enable')).json().state, 'enabled', 'enabling again works once the hook passes')
})

t.test('an uninstall hook that throws rolls the uninstall back: the module and its data stay', async t => {
  await ensureInstalled(platform, ['lifecycle_probe'])
  const log = await hookLog()
  await expectRefusedByHook(t, 'uninstall', 'uninstall')
  t.match(await stateOf(), { state: 'enabled', installedVersion: '1.0.0', lastError: 'the uninstall hook failed on purpose' })
  t.same(await hookLog(), log, 'the schema, its data and its migration history are kept')
  t.equal((await platform.asAdmin({ url: '/api/lifecycle_probe/log' })).statusCode, 200)
})
