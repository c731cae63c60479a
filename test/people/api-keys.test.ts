import t from 'tap'
import { openDatabase } from '../../core/db/database.ts'
import { hashToken } from '../../core/security/secret-box.ts'
import { createTestDatabaseUrl, onPostgres } from '../helpers/database.ts'
import { startPlatform, type TestPlatform } from '../helpers/platform.ts'
import { createStaff } from './helpers.ts'

async function createKey (platform: TestPlatform, permissions: string[], name = 'integration') {
  return await platform.asAdmin({ method: 'POST', url: '/api/api-keys', payload: { name, permissions } })
}

t.test('API keys', async t => {
  const platform = await startPlatform(t, { modules: ['hello'], install: ['hello'] })
  const withKey = async (key: string, url: string) => await platform.app.inject({ url, headers: { 'x-api-key': key } })

  t.test('a new key is shown once, prefixed brk_, and only its hash is stored', async t => {
    const response = await createKey(platform, ['hello.greetings.read'], 'erp sync')
    t.equal(response.statusCode, 201)
    const created = response.json()
    t.match(created, { id: Number, name: 'erp sync', permissions: ['hello.greetings.read'], createdBy: platform.adminId, revokedAt: null, key: /^brk_[A-Za-z0-9_-]{40,}$/ })
    t.ok(created.key.startsWith(created.prefix), 'the prefix shown is the start of the key')
    const stored = await platform.database.knex.withSchema('core').from('api_keys').where({ id: created.id }).first()
    t.equal(stored.key_hash, hashToken(created.key))
    t.notOk(JSON.stringify(stored).includes(created.key))

    const listed = (await platform.asAdmin({ url: '/api/api-keys' })).json().items.find((k: { id: number }) => k.id === created.id)
    t.same(Object.keys(listed).sort(), ['createdAt', 'createdBy', 'id', 'lastUsedAt', 'name', 'permissions', 'prefix', 'revokedAt'], 'the list never holds the key')
  })

  t.test('a key scoped to one permission can call that route, gets 403 on another, and records its use', async t => {
    const { key, id } = (await createKey(platform, ['hello.greetings.read'])).json()
    t.equal((await withKey(key, '/api/hello/greetings')).statusCode, 200)
    const other = await withKey(key, '/api/employees')
    t.equal(other.statusCode, 403)
    t.equal(other.json().code, 'BR_FORBIDDEN')
    const listed = (await platform.asAdmin({ url: '/api/api-keys' })).json().items.find((k: { id: number }) => k.id === id)
    t.ok(listed.lastUsedAt !== null, 'last use recorded')
  })

  t.test('a revoked key stops working at once: 401', async t => {
    const { key, id } = (await createKey(platform, ['hello.greetings.read'])).json()
    t.equal((await withKey(key, '/api/hello/greetings')).statusCode, 200, 'its principal is now cached')
    t.equal((await platform.asAdmin({ method: 'DELETE', url: `/api/api-keys/${id}` })).statusCode, 204)
    const refused = await withKey(key, '/api/hello/greetings')
    t.equal(refused.statusCode, 401)
    t.equal(refused.json().code, 'BR_UNAUTHENTICATED')
    const listed = (await platform.asAdmin({ url: '/api/api-keys' })).json().items.find((k: { id: number }) => k.id === id)
    t.ok(listed.revokedAt !== null)
  })

  t.test('revoking an unknown key is 404 BR_API_KEY_NOT_FOUND', async t => {
    const response = await platform.asAdmin({ method: 'DELETE', url: '/api/api-keys/999999' })
    t.equal(response.statusCode, 404)
    t.equal(response.json().code, 'BR_API_KEY_NOT_FOUND')
  })

  t.test('a key that does not exist is 401', async t => {
    t.equal((await withKey('brk_not-a-real-key', '/api/hello/greetings')).statusCode, 401)
    t.equal((await withKey('something else', '/api/hello/greetings')).statusCode, 401)
  })

  t.test('a key cannot be given a permission its creator lacks: 403 BR_PERMISSION_NOT_HELD', async t => {
    const manager = await createStaff(platform, { permissions: ['core.api_keys.manage', 'hello.greetings.read'] })
    const create = async (permissions: string[]) => await manager.inject({ method: 'POST', url: '/api/api-keys', payload: { name: 'mine', permissions } })
    const refused = await create(['hello.greetings.read', 'hello.greetings.write'])
    t.equal(refused.statusCode, 403)
    t.match(refused.json(), { code: 'BR_PERMISSION_NOT_HELD', message: /hello\.greetings\.write/ })
    t.equal((await create(['hello.greetings.read'])).statusCode, 201)
  })

  t.test('an unknown permission is 400 BR_UNKNOWN_PERMISSION; no permission at all is 400 BR_VALIDATION', async t => {
    t.equal((await createKey(platform, ['hello.greetings.fly'])).json().code, 'BR_UNKNOWN_PERMISSION')
    const empty = await createKey(platform, [])
    t.equal(empty.statusCode, 400)
    t.equal(empty.json().details[0].path, 'body/permissions')
  })

  t.test('managing keys needs core.api_keys.manage: 401 without a token, 403 without the permission', async t => {
    t.equal((await platform.app.inject({ url: '/api/api-keys' })).statusCode, 401)
    const staff = await createStaff(platform, { permissions: ['core.employees.read'] })
    t.equal((await staff.inject({ url: '/api/api-keys' })).statusCode, 403)
    t.equal((await staff.inject({ method: 'POST', url: '/api/api-keys', payload: { name: 'x', permissions: ['core.employees.read'] } })).statusCode, 403)
  })
})

// Several processes share one database only on PostgreSQL: PGlite lives inside one process.
if (onPostgres()) {
  t.test('a key revoked through one process stops working in another within a second', async t => {
    const url = (await createTestDatabaseUrl(t))!
    const first = await startPlatform(t, { database: await openDatabase({ url }) })
    const second = await startPlatform(t, { database: await openDatabase({ url }) })
    const { key, id } = (await createKey(first, ['core.audit.read'])).json()
    const call = async () => (await second.app.inject({ url: '/api/audit', headers: { 'x-api-key': key } })).statusCode
    t.equal(await call(), 200, 'the other process has it cached now')
    await first.asAdmin({ method: 'DELETE', url: `/api/api-keys/${id}` })
    const deadline = Date.now() + 1000
    while (await call() === 200 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20))
    t.equal(await call(), 401)
  })
}
