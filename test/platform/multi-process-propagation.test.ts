import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t, { type Test } from 'tap'
import { openDatabase } from '../../core/db/database.ts'
import { createTestDatabaseUrl, onPostgres } from '../helpers/database.ts'
import { ADMIN_EMAIL, ADMIN_PASSWORD, TEST_SECRET, moduleFolder, startPlatform } from '../helpers/platform.ts'
import { moduleAction, outcomeOf, until } from './live-http.ts'
import { startPlatformProcess } from './platform-process.ts'

const FOLLOW_WITHIN_MS = 1000

/**
 * Changes hello through `actor`'s HTTP API and expects `follower` to answer accordingly within a
 * second of the change being made: installed (200), disabled (404 BR_MODULE_DISABLED), enabled.
 */
async function expectFollows (t: Test, actor: string, follower: string, token: string, steps: Array<'install' | 'disable' | 'enable'>): Promise<void> {
  const greetings = `${follower}/api/hello/greetings`
  const headers = { authorization: `Bearer ${token}` }
  for (const action of steps) {
    t.equal((await moduleAction(actor, token, 'hello', action)).status, 200, `${action} through one instance`)
    const changedAt = Date.now()
    const expected = action === 'disable' ? '404 BR_MODULE_DISABLED' : '200'
    let seen = ''
    const followed = await until(async () => (seen = await outcomeOf(greetings, headers)) === expected, FOLLOW_WITHIN_MS)
    t.ok(followed, `${action}: the other instance answers ${expected} after ${Date.now() - changedAt} ms (last answer ${seen})`)
  }
}

async function sharedDatabaseUrl (t: Test): Promise<string> {
  const url = await createTestDatabaseUrl(t)
  if (url === undefined) throw new Error('TEST_DATABASE_URL is not set')
  return url
}

t.test('a module change made through one instance is live on another in the same process within a second', async t => {
  const url = onPostgres() ? await sharedDatabaseUrl(t) : undefined
  // On PostgreSQL each instance has its own pool; an in-memory PGlite, which one process owns, is shared.
  const one = await startPlatform(t, { database: url === undefined ? undefined : await openDatabase({ url }), modules: ['hello'], listen: true })
  const other = await startPlatform(t, { database: url === undefined ? one.database : await openDatabase({ url }), modules: ['hello'], listen: true })
  await expectFollows(t, one.url, other.url, one.tokenFor(one.adminId), ['install', 'disable', 'enable'])
})

t.test('a settings change made through one instance is what the module reads on another within a second', async t => {
  const url = onPostgres() ? await sharedDatabaseUrl(t) : undefined
  const one = await startPlatform(t, { database: url === undefined ? undefined : await openDatabase({ url }), modules: ['configurable'], install: ['configurable'], listen: true })
  const other = await startPlatform(t, { database: url === undefined ? one.database : await openDatabase({ url }), modules: ['configurable'], listen: true })
  const headers = { authorization: `Bearer ${one.tokenFor(one.adminId)}`, 'content-type': 'application/json' }
  const seenByOther = async (): Promise<unknown> => (await (await fetch(`${other.url}/api/configurable/seen`, { headers })).json() as { shopName?: unknown }).shopName
  for (const shopName of ['First Name', 'Second Name']) {
    const put = await fetch(`${one.url}/api/modules/configurable/settings`, { method: 'PUT', headers, body: JSON.stringify({ shopName }) })
    t.equal(put.status, 200)
    const changedAt = Date.now()
    let seen: unknown
    t.ok(await until(async () => (seen = await seenByOther()) === shopName, FOLLOW_WITHIN_MS), `the other instance reads ${shopName} after ${Date.now() - changedAt} ms (last read ${String(seen)})`)
  }
})

// Another OS process on one database is a PostgreSQL deployment: an in-memory PGlite belongs to one process.
if (onPostgres()) {
  t.test('a module change made through one instance is live on another OS process within a second, both ways', async t => {
    const url = await sharedDatabaseUrl(t)
    const inProcess = await startPlatform(t, { database: await openDatabase({ url }), modules: ['hello'], listen: true })
    const dataDir = mkdtempSync(path.join(tmpdir(), 'backroom-data-'))
    t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
    const child = await startPlatformProcess({
      DATABASE_URL: url,
      BACKROOM_SECRET: TEST_SECRET,
      BACKROOM_DATA_DIR: dataDir,
      BACKROOM_MODULE_PATHS: moduleFolder(t, ['hello']),
      BACKROOM_ADMIN_EMAIL: ADMIN_EMAIL,
      BACKROOM_ADMIN_PASSWORD: ADMIN_PASSWORD,
      BACKROOM_AUTO_INSTALL: 'false',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn'
    })
    t.teardown(child.stop)
    const token = inProcess.tokenFor(inProcess.adminId)
    await expectFollows(t, inProcess.url, child.url, token, ['install', 'disable'])
    await expectFollows(t, child.url, inProcess.url, token, ['enable', 'disable'])
  })
}
