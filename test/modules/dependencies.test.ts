import t from 'tap'
import { CORE_VERSION } from '../../core/platform.ts'
import { startPlatform } from '../helpers/platform.ts'
import { ensureInstalled, moduleAction, schemaExists } from './support.ts'

// One platform for the file; each test installs what it needs first.
const platform = await startPlatform(t, { modules: ['hello', 'needs_hello', 'needs_hello_2', 'cycle_a', 'cycle_b', 'needs_new_core'] })

async function stateOf (name: string): Promise<string> {
  return (await platform.asAdmin({ url: `/api/modules/${name}` })).json().state
}

t.test('a module requiring another is refused until the other is installed', async t => {
  const refused = await moduleAction(platform, 'needs_hello', 'install')
  t.equal(refused.statusCode, 409)
  t.match(refused.json(), { code: 'BR_MODULE_DEPENDENCY', message: /needs_hello requires module hello \^1\.0\.0, which is not installed/ })
  t.equal(await stateOf('needs_hello'), 'available')

  t.equal((await moduleAction(platform, 'hello', 'install')).statusCode, 200)
  const installed = await moduleAction(platform, 'needs_hello', 'install')
  t.equal(installed.statusCode, 200)
  t.equal(installed.json().state, 'enabled')
})

t.test('a dependency installed at an incompatible version is refused, naming the range and the version', async t => {
  await ensureInstalled(platform, ['hello'])
  const refused = await moduleAction(platform, 'needs_hello_2', 'install')
  t.equal(refused.statusCode, 409)
  t.match(refused.json(), { code: 'BR_MODULE_DEPENDENCY', message: /requires module hello \^2\.0\.0 but 1\.0\.0 is installed/ })
  t.equal(await stateOf('needs_hello_2'), 'available')
})

t.test('modules requiring each other are refused, naming the cycle', async t => {
  for (const name of ['cycle_a', 'cycle_b']) {
    const refused = await moduleAction(platform, name, 'install')
    t.equal(refused.statusCode, 409)
    t.match(refused.json(), { code: 'BR_MODULE_DEPENDENCY', message: /is part of the dependency cycle cycle_a → cycle_b → cycle_a/ }, name)
    t.equal(await stateOf(name), 'available')
  }
})

t.test('a module requiring a core version range this core does not satisfy is refused', async t => {
  const refused = await moduleAction(platform, 'needs_new_core', 'install')
  t.equal(refused.statusCode, 409)
  t.match(refused.json(), { code: 'BR_MODULE_DEPENDENCY', message: `needs_new_core requires core >=99.0.0 but the core is ${CORE_VERSION}` })
  t.equal(await stateOf('needs_new_core'), 'available')
})

t.test('disabling a module that an enabled module requires is refused, naming it', async t => {
  await ensureInstalled(platform, ['hello', 'needs_hello'])
  const refused = await moduleAction(platform, 'hello', 'disable')
  t.equal(refused.statusCode, 409)
  t.match(refused.json(), { code: 'BR_MODULE_DEPENDENCY', message: 'Module hello is required by enabled module(s) needs_hello', details: { dependents: ['needs_hello'] } })
  t.equal(await stateOf('hello'), 'enabled')
  t.equal((await platform.asAdmin({ url: '/api/hello/greetings' })).statusCode, 200, 'hello keeps serving')
})

t.test('uninstalling a module is refused while an installed module requires it, even a disabled one', async t => {
  await ensureInstalled(platform, ['hello', 'needs_hello'])
  t.equal((await moduleAction(platform, 'needs_hello', 'disable')).json().state, 'disabled')
  const refused = await moduleAction(platform, 'hello', 'uninstall', { confirm: 'hello' })
  t.equal(refused.statusCode, 409)
  t.match(refused.json(), { code: 'BR_MODULE_DEPENDENCY', message: 'Module hello is required by installed module(s) needs_hello' })
  t.equal(await stateOf('hello'), 'enabled')
  t.ok(await schemaExists(platform.database.knex, 'hello'), 'its data is kept')

  t.equal((await moduleAction(platform, 'needs_hello', 'uninstall', { confirm: 'needs_hello' })).statusCode, 200)
  t.equal((await moduleAction(platform, 'hello', 'uninstall', { confirm: 'hello' })).statusCode, 200, 'allowed once nothing requires it')
})
