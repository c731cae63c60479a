import t from 'tap'
import { startPlatform } from '../helpers/platform.ts'

// One platform for the file: these tests only read. hello is installed, needs_hello found, broken_load cannot load.
const platform = await startPlatform(t, { modules: ['hello', 'needs_hello', 'broken_load'], install: ['hello'] })

const hello = {
  name: 'hello',
  packageName: 'backroom-module-hello',
  state: 'enabled',
  installedVersion: '1.0.0',
  foundVersion: '1.0.0',
  requires: { core: null, modules: {} },
  permissions: [
    { key: 'hello.greetings.read', description: 'Read greetings' },
    { key: 'hello.greetings.write', description: 'Write greetings' }
  ],
  hasSettings: true,
  lastError: null
}
const needsHello = {
  name: 'needs_hello',
  state: 'available',
  installedVersion: null,
  foundVersion: '1.0.0',
  requires: { core: null, modules: { hello: '^1.0.0' } },
  permissions: [],
  lastError: null,
  installedAt: null
}

t.test('GET /api/modules lists every module found or installed: versions, state, dependencies, permissions, last error', async t => {
  const response = await platform.asAdmin({ url: '/api/modules' })
  t.equal(response.statusCode, 200)
  const items = response.json().items
  t.same(items.map((module: { name: string }) => module.name), ['broken_load', 'hello', 'needs_hello'])
  t.match(items[0], { name: 'broken_load', state: 'failed', installedVersion: null, foundVersion: '1.0.0', lastError: /broken_load cannot start/ })
  t.match(items[1], hello)
  t.type(items[1].installedAt, 'string')
  t.match(items[2], needsHello)
})

t.test('GET /api/modules/:name shows one module', async t => {
  const response = await platform.asAdmin({ url: '/api/modules/needs_hello' })
  t.equal(response.statusCode, 200)
  t.match(response.json(), needsHello)
  t.match((await platform.asAdmin({ url: '/api/modules/hello' })).json(), hello)
})

t.test('an unknown module is 404 BR_MODULE_NOT_FOUND', async t => {
  const response = await platform.asAdmin({ url: '/api/modules/nowhere' })
  t.equal(response.statusCode, 404)
  t.match(response.json(), { code: 'BR_MODULE_NOT_FOUND', message: /nowhere/ })
  for (const action of ['install', 'enable', 'disable', 'upgrade']) {
    const refused = await platform.asAdmin({ method: 'POST', url: `/api/modules/nowhere/${action}` })
    t.equal(refused.json().code, 'BR_MODULE_NOT_FOUND', `${action} of an unknown module`)
  }
})
