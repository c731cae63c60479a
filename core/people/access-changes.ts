import type { Knex } from 'knex'
import type { Database } from '../db/database.ts'
import { AUTH_CHANNEL, type PrincipalResolver } from './principal.ts'

/**
 * Runs a change to who may do what (employees, profiles, API keys) in one transaction that also
 * notifies AUTH_CHANNEL, so every process drops its cached principals when it commits. This
 * process drops its own at once as well: on PostgreSQL the notification comes back
 * asynchronously, and the caller's very next request must not be served with the old rights.
 */
export class AccessChanges {
  constructor (private readonly db: Database, private readonly principals: PrincipalResolver) {}

  async run<T> (subject: string, change: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    const result = await this.db.knex.transaction(async trx => {
      const value = await change(trx)
      await this.db.notify(AUTH_CHANNEL, subject, trx)
      return value
    })
    this.principals.invalidate()
    return result
  }
}
