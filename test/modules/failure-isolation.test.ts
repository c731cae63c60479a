import { writeFileSync } from 'node:fs'
import path from 'node:path'
import t, { type Test } from 'tap'
import { moduleFolder, startPlatform } from '../helpers/platform.ts'
import { databaseOutline, moduleAction, modulePermissions, schemaExists } from './support.ts'

// One platform for the file: hello serves throughout, each test breaks a different module beside it.
const fixtures = moduleFolder(t, ['hello', 'broken_load', 'unguarded_route', 'undeclared_permission', 'failing_migration'])
const copies = moduleFolder(t, ['upgradable'], { copy: true })
const platform = await startPlatform(t, { moduleRoots: [fixtures, copies], install: ['hello', 'upgradable'] })

async function assertOthersServe (t: Test): Promise<void> {
  t.equal((await platform.asAdmin({ url: '/api/hello/greetings' })).statusCode, 200, 'hello keeps serving')
  t.equal((await platform.asAdmin({ url: '/api/modules' })).statusCode, 200, 'the core keeps serving')
  t.equal((await platform.app.inject({ url: '/health/ready' })).statusCode, 200, 'the platform is ready')
}

async function assertUnavailable (t: Test, url: string): Promise<void> {
  const response = await platform.asAdmin({ url })
  t.equal(response.statusCode, 503, `${url} is not served`)
  t.equal(response.json().code, 'BR_MODULE_UNAVAILABLE')
}

t.test('a module whose entry throws while loading is failed with its error; the core and other modules keep serving', async t => {
  t.match((await platform.asAdmin({ url: '/api/modules/broken_load' })).json(), { state: 'failed', lastError: /broken_load cannot start: its build is broken/ })
  const refused = await moduleAction(platform, 'broken_load', 'install')
  t.equal(refused.statusCode, 409)
  t.match(refused.json(), { code: 'BR_MODULE_FAILED', message: /broken_load cannot start/ })
  await assertOthersServe(t)
})

t.test('an installed module whose code no longer loads is failed and answers 503, and the others keep serving', async t => {
  t.equal((await platform.asAdmin({ url: '/api/upgradable/notes' })).statusCode, 200)
  writeFileSync(path.join(copies, 'upgradable', 'index.ts'), "throw new Error('upgradable lost a dependency')\n")
  await platform.platform.reload()
  t.match((await platform.asAdmin({ url: '/api/modules/upgradable' })).json(), { state: 'failed', installedVersion: '1.0.0', lastError: /upgradable lost a dependency/ })
  await assertUnavailable(t, '/api/upgradable/notes')
  await assertOthersServe(t)
})

t.test('a module with a route declaring neither a permission nor public: true is failed after install and enable, naming the route', async t => {
  const installed = await moduleAction(platform, 'unguarded_route', 'install')
  t.match(installed.json(), { state: 'failed', lastError: /route GET \/api\/unguarded_route\/open declares neither a permission nor public: true/ })
  t.match((await platform.asAdmin({ url: '/api/modules/unguarded_route' })).json(), { state: 'failed', lastError: /GET \/api\/unguarded_route\/open/ })
  await assertUnavailable(t, '/api/unguarded_route/open')
  await assertOthersServe(t)

  const enabled = await moduleAction(platform, 'unguarded_route', 'enable')
  t.match(enabled.json(), { state: 'failed', lastError: /GET \/api\/unguarded_route\/open/ }, 'enabling again fails the same way')
  await assertUnavailable(t, '/api/unguarded_route/open')
  await assertOthersServe(t)
})

t.test('a module with a route needing a permission it does not declare is failed, naming the route and the permission', async t => {
  const installed = await moduleAction(platform, 'undeclared_permission', 'install')
  t.match(installed.json(), { state: 'failed', lastError: /route GET \/api\/undeclared_permission\/secrets needs undeclared_permission\.secrets\.read, which the module does not declare/ })
  await assertUnavailable(t, '/api/undeclared_permission/secrets')
  await assertOthersServe(t)
})

t.test('a module whose migration fails is failed and the database is exactly as before', async t => {
  const before = await databaseOutline(platform.database.knex)
  const refused = await moduleAction(platform, 'failing_migration', 'install')
  t.equal(refused.statusCode, 409)
  t.match(refused.json(), { code: 'BR_MODULE_FAILED', message: /failing_migration failed: .*no_such_type/ })
  t.match((await platform.asAdmin({ url: '/api/modules/failing_migration' })).json(), { state: 'failed', installedVersion: null, lastError: /no_such_type/ })

  t.same(await databaseOutline(platform.database.knex), before, 'no schema, permission or grant was added')
  t.notOk(await schemaExists(platform.database.knex, 'failing_migration'), 'its schema does not exist, not even the first migration\'s table')
  t.same(await modulePermissions(platform.database.knex, 'failing_migration'), [])
  await assertOthersServe(t)
})
