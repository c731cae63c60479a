import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import type { Database } from '../../core/db/database.ts'
import { onPostgres } from '../helpers/database.ts'
import { TEST_SECRET, moduleFolder } from '../helpers/platform.ts'
import { until } from '../platform/live-http.ts'
import {
  EVENT_MODULES, POLL_INTERVAL_MS, captureLogs, deliveredLabels, restartableDatabase, setReaction, startEventPlatform, type LogEntry
} from './event-platform.ts'

const DELIVERING_PROCESS = fileURLToPath(new URL('./delivering-process.ts', import.meta.url))
const LABELS = ['before', 'held', 'after']
const HOLDING = 'events_sink holds an event'

/** After the delivery of `held` was cut off: nothing of it stayed, and the next platform delivers it and the rest. */
async function expectNothingLost (t: Test, database: Database): Promise<void> {
  t.same(await deliveredLabels(database.knex), ['before'], 'the interrupted delivery was not recorded')
  t.same(await database.knex.withSchema('events_sink').from('received').pluck('label'), ['before'], 'and its handler\'s write was undone')
  await setReaction(database.knex, 'held', null)
  const next = await startEventPlatform(t, { database, install: [] })
  t.ok(await until(async () => (await next.receivedLabels()).length >= LABELS.length, 10_000), 'the next platform delivers the rest')
  t.same(await next.receivedLabels(), LABELS, 'each event exactly once, in order')
}

t.test('a platform closed mid-delivery loses nothing: the next one delivers the interrupted event and those after it', async t => {
  const database = await restartableDatabase(t)
  const logs = captureLogs()
  const first = await startEventPlatform(t, { database: await database.open(), logger: logs.logger })
  await setReaction(first.database.knex, 'held', 'hold')
  // Not awaited yet: on PGlite's one connection the request's last write waits for the held delivery.
  const created = first.createThings(LABELS)
  t.ok(await until(() => logs.entries.some(entry => entry.msg === HOLDING), 10_000), 'a handler is mid-delivery')

  await first.platform.close()
  t.equal((await created).statusCode, 201, 'the events were committed')
  t.match(logs.entries.find(entry => entry.msg === 'event delivery interrupted by shutdown; it will be delivered again'), { module: 'events_sink', event: 'events_source.thing_created' })
  await expectNothingLost(t, await database.open())
})

// Only PostgreSQL is shared by several OS processes; PGlite is opened by one process at a time.
if (onPostgres()) {
  t.test('a process killed mid-delivery loses nothing: a fresh one delivers the killed event again and those after it', async t => {
    const database = await restartableDatabase(t)
    const setup = await startEventPlatform(t, { database: await database.open() })
    await setReaction(setup.database.knex, 'held', 'hold')
    await setup.platform.close()

    const dataDir = mkdtempSync(path.join(tmpdir(), 'backroom-data-'))
    t.teardown(() => { rmSync(dataDir, { recursive: true, force: true }) })
    const child = spawn(process.execPath, ['--import', 'tsx', DELIVERING_PROCESS], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        BACKROOM_MODULE_PATHS: moduleFolder(t, EVENT_MODULES),
        BACKROOM_DATA_DIR: dataDir,
        BACKROOM_SECRET: TEST_SECRET,
        BACKROOM_AUTO_INSTALL: 'false',
        BACKROOM_EVENT_POLL_INTERVAL: String(POLL_INTERVAL_MS),
        LOG_LEVEL: 'info',
        EVENT_LABELS: JSON.stringify(LABELS)
      },
      stdio: ['pipe', 'pipe', 'inherit']
    })
    const exited = once(child, 'exit')
    t.teardown(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    })
    const logs: LogEntry[] = []
    createInterface({ input: child.stdout }).on('line', line => { logs.push(JSON.parse(line) as LogEntry) })
    const logged = (msg: string) => logs.find(entry => entry.msg === msg)
    await until(() => (logged(HOLDING) !== undefined && logged('things created') !== undefined) || child.exitCode !== null, 30_000)
    t.match(logged('things created'), { statusCode: 201 }, 'the child committed the events')
    t.ok(logged(HOLDING) !== undefined && child.exitCode === null, 'the child is mid-delivery')

    child.kill('SIGKILL')
    t.same(await exited, [null, 'SIGKILL'])
    await expectNothingLost(t, await database.open())
  })
}
