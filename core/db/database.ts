import { EventEmitter } from 'node:events'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import knexFactory, { type Knex } from 'knex'
import pg from 'pg'

// int8 (counts, bigserial ids) as numbers rather than strings: ids stay well below 2^53.
pg.types.setTypeParser(20, Number)

export type DatabaseKind = 'postgres' | 'pglite'
export type NotificationHandler = (payload: string) => void

export interface Database {
  readonly kind: DatabaseKind
  readonly knex: Knex
  /** Subscribes to a channel; on PostgreSQL every process sharing the database hears it. */
  listen (channel: string, handler: NotificationHandler): Promise<() => Promise<void>>
  /** Publishes on a channel; inside a transaction PostgreSQL delivers it on commit. */
  notify (channel: string, payload: string, trx?: Knex.Transaction): Promise<void>
  close (): Promise<void>
}

export interface DatabaseOptions {
  /** A PostgreSQL connection string; without it the platform runs on embedded PGlite. */
  url?: string
  /** Folder for PGlite's files; without it PGlite runs in memory. */
  pgliteDir?: string
  poolMax?: number
}

export async function openDatabase (options: DatabaseOptions): Promise<Database> {
  return options.url !== undefined ? await openPostgres(options.url, options.poolMax ?? 10) : await openPglite(options.pgliteDir)
}

async function openPostgres (url: string, poolMax: number): Promise<Database> {
  const knex = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: poolMax } })
  await knex.raw('select 1')
  let listener: pg.Client | undefined
  const handlers = new Map<string, Set<NotificationHandler>>()

  async function listenerClient (): Promise<pg.Client> {
    if (listener !== undefined) return listener
    const client = new pg.Client({ connectionString: url })
    client.on('notification', message => {
      for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '')
    })
    // A dropped listener connection is replaced on the next listen; the pool is unaffected.
    client.on('error', () => { if (listener === client) listener = undefined })
    await client.connect()
    listener = client
    return client
  }

  return {
    kind: 'postgres',
    knex,
    async listen (channel, handler) {
      const client = await listenerClient()
      let set = handlers.get(channel)
      if (set === undefined) {
        set = new Set()
        handlers.set(channel, set)
        await client.query(`LISTEN ${client.escapeIdentifier(channel)}`)
      }
      set.add(handler)
      return async () => { set.delete(handler) }
    },
    async notify (channel, payload, trx) {
      await (trx ?? knex).raw('select pg_notify(?, ?)', [channel, payload])
    },
    async close () {
      await listener?.end().catch(() => {})
      listener = undefined
      await knex.destroy()
    }
  }
}

/** PGlite and its knex client are loaded only when the platform runs on it: a PostgreSQL process starts without them. */
async function openPglite (dir: string | undefined): Promise<Database> {
  const [{ PGlite }, { default: ClientPGLite }] = await Promise.all([import('@electric-sql/pglite'), import('knex-pglite')])
  if (dir !== undefined) mkdirSync(path.dirname(dir), { recursive: true })
  const pglite = new PGlite(dir)
  await pglite.waitReady
  const knex = knexFactory({ client: ClientPGLite as unknown as typeof knexFactory.Client, connection: { pglite } as never })
  // PGlite lives in this process only, so notifications stay in process; a transaction's
  // notification waits for its commit, as on PostgreSQL.
  const bus = new EventEmitter()
  bus.setMaxListeners(0)
  return {
    kind: 'pglite',
    knex,
    async listen (channel, handler) {
      bus.on(channel, handler)
      return async () => { bus.off(channel, handler) }
    },
    async notify (channel, payload, trx) {
      if (trx === undefined) bus.emit(channel, payload)
      else trx.executionPromise.then(() => bus.emit(channel, payload), () => {})
    },
    async close () {
      await knex.destroy()
      if (!pglite.closed) await pglite.close()
    }
  }
}
