import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Knex } from 'knex'
import t, { type Test } from 'tap'
import { moduleFolder, startPlatform } from '../helpers/platform.ts'
import { modulePermissions, profilePermissions, tableExists } from './support.ts'

/** A copy of the upgradable fixture at 1.0.0, installed, with a note written. */
async function installedUpgradable (t: Test) {
  const folder = moduleFolder(t, ['upgradable'], { copy: true })
  const platform = await startPlatform(t, { moduleRoots: [folder], install: ['upgradable'] })
  await platform.database.knex.withSchema('upgradable').into('notes').insert({ text: 'written by 1.0.0' })
  return { platform, dir: path.join(folder, 'upgradable'), knex: platform.database.knex }
}

function setVersion (dir: string, version: string): void {
  const file = path.join(dir, 'package.json')
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), version }, null, 2))
}

async function migrationHistory (knex: Knex): Promise<Array<{ name: string, batch: number }>> {
  return await knex.withSchema('upgradable').from('knex_migrations').orderBy('name').select('name', 'batch')
}

t.test('newer code is upgrade-pending and not served until upgraded; the upgrade runs only the new migrations, registers new permissions and calls lifecycle.upgrade', async t => {
  const { platform, dir, knex } = await installedUpgradable(t)
  // Release 1.1.0 lands on disk: a new migration, a new permission, an upgrade hook.
  cpSync(path.join(dir, 'release-1.1.0'), dir, { recursive: true })
  setVersion(dir, '1.1.0')

  t.match((await platform.asAdmin({ url: '/api/modules/upgradable' })).json(), { state: 'upgrade-pending', installedVersion: '1.0.0', foundVersion: '1.1.0' })
  await platform.platform.reload() // as the next start, or the next module change, would
  const pending = await platform.asAdmin({ url: '/api/upgradable/notes' })
  t.equal(pending.statusCode, 503)
  t.match(pending.json(), { code: 'BR_MODULE_UNAVAILABLE', message: /upgradable/ })
  t.equal((await platform.asAdmin({ method: 'POST', url: '/api/modules/upgradable/enable' })).json().code, 'BR_MODULE_STATE', 'enable is refused until it is upgraded')

  const upgraded = await platform.asAdmin({ method: 'POST', url: '/api/modules/upgradable/upgrade' })
  t.equal(upgraded.statusCode, 200)
  t.match(upgraded.json(), { state: 'enabled', installedVersion: '1.1.0', foundVersion: '1.1.0', lastError: null })
  t.same(await migrationHistory(knex), [{ name: '001_notes.ts', batch: 1 }, { name: '002_upgrades.ts', batch: 2 }], 'only the new migration ran, in a batch of its own')
  t.same(await modulePermissions(knex, 'upgradable'), ['upgradable.notes.read', 'upgradable.notes.write'])
  t.same(await profilePermissions(knex, 'Translator', 'upgradable.'), ['upgradable.notes.write'], 'the new permission went to its default profile')
  t.same(await knex.withSchema('upgradable').from('upgrades').select('module', 'from_version'), [{ module: 'upgradable', from_version: '1.0.0' }],
    'lifecycle.upgrade got its context, the transaction of the new migration, and the version it replaces')
  t.same((await platform.asAdmin({ url: '/api/upgradable/notes' })).json(), ['written by 1.0.0'], 'the data is kept and the routes serve again')

  const again = await platform.asAdmin({ method: 'POST', url: '/api/modules/upgradable/upgrade' })
  t.equal(again.statusCode, 409)
  t.match(again.json(), { code: 'BR_MODULE_STATE', message: /no upgrade pending/ })
})

t.test('a failing upgrade migration leaves the module failed and the database as it was', async t => {
  const { platform, dir, knex } = await installedUpgradable(t)
  setVersion(dir, '1.1.0')
  const migration = path.join(dir, 'migrations', '002_tags.ts')
  writeFileSync(migration, `export async function up (knex) {
  await knex.schema.createTable('tags', table => { table.text('name') })
  await knex.raw('select * from no_such_table')
}
`)
  const before = { history: await migrationHistory(knex), permissions: await modulePermissions(knex, 'upgradable') }

  const failed = await platform.asAdmin({ method: 'POST', url: '/api/modules/upgradable/upgrade' })
  t.equal(failed.statusCode, 409)
  t.match(failed.json(), { code: 'BR_MODULE_FAILED', message: /upgradable failed: .*no_such_table/ })
  t.match((await platform.asAdmin({ url: '/api/modules/upgradable' })).json(), { state: 'failed', installedVersion: '1.0.0', foundVersion: '1.1.0', lastError: /no_such_table/ })
  t.equal((await platform.asAdmin({ url: '/api/upgradable/notes' })).json().code, 'BR_MODULE_UNAVAILABLE')
  t.same({ history: await migrationHistory(knex), permissions: await modulePermissions(knex, 'upgradable') }, before)
  t.notOk(await tableExists(knex, 'upgradable', 'tags'), 'the failed migration left nothing behind')

  writeFileSync(migration, `export async function up (knex) {
  await knex.schema.createTable('tags', table => { table.text('name') })
}
`)
  const retried = await platform.asAdmin({ method: 'POST', url: '/api/modules/upgradable/upgrade' })
  t.match(retried.json(), { state: 'enabled', installedVersion: '1.1.0', lastError: null }, 'the corrected migration runs when the upgrade is retried')
  t.ok(await tableExists(knex, 'upgradable', 'tags'))
  t.same((await platform.asAdmin({ url: '/api/upgradable/notes' })).json(), ['written by 1.0.0'])
})
