import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Knex } from 'knex'

export interface Migration {
  up (knex: Knex): Promise<void>
  down? (knex: Knex): Promise<void>
}

const MIGRATION_FILE = /^[^.].*\.(ts|js|mjs|mts)$/
const HISTORY_TABLE = 'knex_migrations'

/** One key for every schema change, so lifecycle changes of all processes run one at a time. */
export const LIFECYCLE_LOCK_KEY = 727_1301_0

/** Serializes schema and module-state changes across processes; released at commit or rollback. */
export async function takeLifecycleLock (trx: Knex.Transaction): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(?)', [LIFECYCLE_LOCK_KEY])
}

function migrationFiles (folder: string): string[] {
  return readdirSync(folder).filter(file => MIGRATION_FILE.test(file) && !file.endsWith('.d.ts')).sort()
}

/**
 * The URL carries the file's modification time: a migration corrected on disk after it failed is
 * imported afresh when the change is retried, not taken from the import cache.
 */
async function importMigration (folder: string, file: string): Promise<Migration> {
  const full = path.join(folder, file)
  const imported = await import(`${pathToFileURL(full).href}?v=${statSync(full).mtimeMs}`)
  const migration = (imported.default?.up !== undefined ? imported.default : imported) as Migration
  if (typeof migration.up !== 'function') throw new Error(`migration ${file} exports no up function`)
  return migration
}

async function ensureHistory (trx: Knex.Transaction, schema: string): Promise<void> {
  await trx.raw('create schema if not exists ??', [schema])
  await trx.raw(`create table if not exists ??.${HISTORY_TABLE} (
    name text primary key, batch integer not null, migrated_at timestamptz not null default now())`, [schema])
}

/** Unqualified names in a migration resolve to the module's own schema, as the contract promises. */
async function useSchema (trx: Knex.Transaction, schema: string): Promise<void> {
  await trx.raw(`select set_config('search_path', ?, true)`, [`"${schema}", public`])
}

/**
 * Runs the pending migrations of a folder in the caller's transaction, recording them in the
 * schema's own history table. The caller holds the lifecycle lock, so no two processes run one twice.
 */
export async function migrateUp (trx: Knex.Transaction, schema: string, folder: string | undefined): Promise<string[]> {
  await ensureHistory(trx, schema)
  if (folder === undefined) return []
  const done = new Set((await trx.withSchema(schema).select('name').from(HISTORY_TABLE)).map((row: { name: string }) => row.name))
  const pending = migrationFiles(folder).filter(file => !done.has(file))
  if (pending.length === 0) return []
  const [{ batch }] = await trx.withSchema(schema).from(HISTORY_TABLE).max({ batch: 'batch' })
  for (const file of pending) {
    const migration = await importMigration(folder, file)
    await useSchema(trx, schema)
    await migration.up(trx)
    await trx.withSchema(schema).insert({ name: file, batch: (batch ?? 0) + 1 }).into(HISTORY_TABLE)
  }
  await trx.raw(`select set_config('search_path', 'public', true)`)
  return pending
}

/** Runs every applied migration's down in reverse order, then drops the schema. */
export async function migrateDownAndDrop (trx: Knex.Transaction, schema: string, folder: string | undefined): Promise<void> {
  await ensureHistory(trx, schema)
  const applied = (await trx.withSchema(schema).select('name').from(HISTORY_TABLE).orderBy('name', 'desc')).map((row: { name: string }) => row.name)
  if (folder !== undefined) {
    const present = new Set(migrationFiles(folder))
    for (const file of applied) {
      if (!present.has(file)) continue
      const migration = await importMigration(folder, file)
      await useSchema(trx, schema)
      await migration.down?.(trx)
    }
  }
  await trx.raw(`select set_config('search_path', 'public', true)`)
  await trx.raw('drop schema if exists ?? cascade', [schema])
}
