import { randomBytes } from 'node:crypto'
import knexFactory from 'knex'

export const DEFAULT_SERVER_URL = 'postgres://root@127.0.0.1:5432/test'

export interface BenchDatabase {
  url: string
  drop (): Promise<void>
}

/** A database created on the server for one benchmark run; `drop` removes it. */
export async function createBenchDatabase (serverUrl: string): Promise<BenchDatabase> {
  const name = `backroom_bench_${randomBytes(6).toString('hex')}`
  const admin = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } })
  try {
    await admin.raw('create database ??', [name])
  } catch (error) {
    await admin.destroy()
    throw error
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop () {
      try {
        await admin.raw('drop database if exists ?? with (force)', [name])
      } finally {
        await admin.destroy()
      }
    }
  }
}
