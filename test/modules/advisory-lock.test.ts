import { readdirSync } from 'node:fs'
import t, { type Test } from 'tap'
import { openDatabase } from '../../core/db/database.ts'
import { createTestDatabaseUrl, onPostgres } from '../helpers/database.ts'
import { startPlatform, type TestPlatform } from '../helpers/platform.ts'
import { lifecycleProbe } from '../fixtures/modules/lifecycle_probe/probe.ts'

const CORE_MIGRATIONS = readdirSync(new URL('../../migrations', import.meta.url)).filter(file => file.endsWith('.ts')).sort()

/** Two platforms on one fresh PostgreSQL database, each with its own pool, started at the same time. */
async function twoPlatforms (t: Test, modules: string[]): Promise<[TestPlatform, TestPlatform]> {
  const url = (await createTestDatabaseUrl(t))!
  const start = async () => await startPlatform(t, { modules, database: await openDatabase({ url }) })
  const [first, second] = await Promise.all([start(), start()])
  return [first, second]
}

/** Two platforms on one database: on PostgreSQL as two processes would be; on PGlite, which one process owns, sharing it. */
async function twoInstances (t: Test, modules: string[]): Promise<[TestPlatform, TestPlatform]> {
  if (onPostgres()) return await twoPlatforms(t, modules)
  const first = await startPlatform(t, { modules })
  return [first, await startPlatform(t, { modules, database: first.database })]
}

// Several processes sharing one database exist only on PostgreSQL: embedded PGlite belongs to one process.
if (onPostgres()) {
  t.test('two platforms booting together on a fresh database run the core migrations once', async t => {
    const [first, second] = await twoPlatforms(t, [])
    const history = await first.database.knex.withSchema('core').from('knex_migrations').orderBy('name').select('name', 'batch')
    t.same(history, CORE_MIGRATIONS.map(name => ({ name, batch: 1 })), 'each core migration ran once, in one batch')
    t.equal(Number((await first.database.knex.withSchema('core').from('employees').count({ count: '*' }))[0].count), 1, 'one first SuperAdmin')
    for (const platform of [first, second]) t.equal((await platform.app.inject({ url: '/health/ready' })).statusCode, 200)
  })
}

t.test('installing one module from two platforms at once runs its migrations exactly once', async t => {
  const [first, second] = await twoInstances(t, ['lifecycle_probe'])
  lifecycleProbe.reset()
  const responses = await Promise.all([first, second].map(async platform => await platform.asAdmin({ method: 'POST', url: '/api/modules/lifecycle_probe/install' })))
  t.same(responses.map(response => response.statusCode).sort(), [200, 409])
  t.match(responses.find(response => response.statusCode === 409)!.json(), { code: 'BR_MODULE_STATE', message: 'Module lifecycle_probe is already installed' })
  t.same(lifecycleProbe.migrationSteps, ['001 up', '002 up'], 'each migration ran once')
  t.same(lifecycleProbe.hookCalls.map(call => call.hook), ['install', 'enable'], 'and the install hooks once')
  t.same(await first.database.knex.withSchema('lifecycle_probe').from('knex_migrations').orderBy('name').pluck('name'), ['001_hook_log.ts', '002_hook_log_at.ts'])
})
