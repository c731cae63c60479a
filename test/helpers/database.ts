import { randomBytes } from 'node:crypto'
import knexFactory from 'knex'
import { openDatabase, type Database } from '../../core/db/database.ts'

interface Teardown { teardown: (fn: () => Promise<void> | void) => void }

/** A PostgreSQL connection string for a database created for one test, dropped after it. */
export async function createTestDatabaseUrl (t: Teardown): Promise<string | undefined> {
  const serverUrl = process.env.TEST_DATABASE_URL
  if (serverUrl === undefined || serverUrl === '') return undefined
  const name = `backroom_test_${randomBytes(6).toString('hex')}`
  const admin = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } })
  await admin.raw('create database ??', [name])
  t.teardown(async () => {
    await admin.raw('drop database if exists ?? with (force)', [name])
    await admin.destroy()
  })
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/**
 * The database a test runs on: a fresh PostgreSQL database when TEST_DATABASE_URL is set,
 * otherwise an in-memory PGlite. Either way it is gone after the test.
 */
export async function openTestDatabase (t: Teardown): Promise<Database> {
  const url = await createTestDatabaseUrl(t)
  const database = await openDatabase({ url })
  t.teardown(async () => { await database.close() })
  return database
}

export const onPostgres = (): boolean => (process.env.TEST_DATABASE_URL ?? '') !== ''
