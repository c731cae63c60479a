import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Knex } from 'knex'
import { openDatabase, type Database } from '../../core/db/database.ts'
import { createLogger } from '../../core/platform.ts'
import { createTestDatabaseUrl } from '../helpers/database.ts'
import { startPlatform, type StartOptions, type TestPlatform } from '../helpers/platform.ts'

interface TestContext { teardown: (fn: () => Promise<void> | void) => void }

/** Short enough that retries and polls happen several times within a test. */
export const POLL_INTERVAL_MS = 50
export const EVENT_MODULES = ['events_source', 'events_sink']
export const SINK_SUBSCRIBER = 'events_sink:events_source.thing_created'

export interface LogEntry { level: number, msg: string, [key: string]: unknown }

/** A platform logger that keeps every entry, and the raw lines to search for leaked values. */
export function captureLogs (): { logger: ReturnType<typeof createLogger>, entries: LogEntry[], lines: string[] } {
  const entries: LogEntry[] = []
  const lines: string[] = []
  const logger = createLogger('info', {
    write (line: string) {
      lines.push(line)
      entries.push(JSON.parse(line) as LogEntry)
    }
  })
  return { logger, entries, lines }
}

export interface EventPlatform extends TestPlatform {
  /** POST /api/events_source/things: one thing and one event per label, in one transaction. */
  createThings (labels: string[], options?: { reject?: boolean, together?: boolean }): Promise<{ statusCode: number, code?: string }>
  /** GET /api/events_sink/received: the labels the sink recorded, in order. */
  receivedLabels (): Promise<string[]>
}

/** A platform seeing the source and sink fixtures (installed unless told otherwise), polling often. */
export async function startEventPlatform (t: TestContext, options: StartOptions = {}): Promise<EventPlatform> {
  const started = await startPlatform(t, {
    modules: EVENT_MODULES,
    install: EVENT_MODULES,
    ...options,
    env: { BACKROOM_EVENT_POLL_INTERVAL: String(POLL_INTERVAL_MS), ...options.env }
  })
  return Object.assign(started, {
    async createThings (labels: string[], { reject = false, together = false } = {}) {
      const response = await started.asAdmin({ method: 'POST', url: '/api/events_source/things', payload: { labels, reject, together } })
      return { statusCode: response.statusCode, code: response.json().code }
    },
    async receivedLabels () {
      const response = await started.asAdmin({ url: '/api/events_sink/received' })
      if (response.statusCode !== 200) throw new Error(`GET /api/events_sink/received answered ${response.statusCode}: ${response.body}`)
      return (response.json() as Array<{ label: string }>).map(row => row.label)
    }
  })
}

/** Labels of the events recorded as delivered to the sink, in event order. */
export async function deliveredLabels (knex: Knex): Promise<string[]> {
  const rows: Array<{ label: string }> = await knex.from('core.event_deliveries as d').join('core.events as e', 'e.id', 'd.event_id')
    .where('d.subscriber', SINK_SUBSCRIBER).orderBy('e.id').select(knex.raw("e.payload->>'label' as label"))
  return rows.map(row => row.label)
}

/** Makes the sink throw on, or hold until shutdown, the event of a label; null lets it through. */
export async function setReaction (knex: Knex, label: string, reaction: 'throw' | 'hold' | null): Promise<void> {
  if (reaction === null) await knex.withSchema('events_sink').from('reactions').where({ label }).delete()
  else await knex.withSchema('events_sink').into('reactions').insert({ label, reaction }).onConflict('label').merge()
}

/**
 * A database that outlives the platforms opened on it, so closing one and opening the next is a
 * restart: a fresh PostgreSQL database, or PGlite files in a temporary folder.
 */
export async function restartableDatabase (t: TestContext): Promise<{ url?: string, open: () => Promise<Database> }> {
  const url = await createTestDatabaseUrl(t)
  if (url !== undefined) return { url, open: async () => await openDatabase({ url }) }
  const dir = mkdtempSync(path.join(tmpdir(), 'backroom-events-'))
  t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
  return { open: async () => await openDatabase({ pgliteDir: path.join(dir, 'pglite') }) }
}
