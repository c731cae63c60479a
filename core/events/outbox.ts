import type { Knex } from 'knex'

export const EVENTS_CHANNEL = 'backroom_events'

/**
 * Writes a domain event in the caller's transaction: it exists exactly when the change that
 * caused it commits. Delivery to subscribers happens after commit (see the dispatcher).
 */
export async function writeEvent (trx: Knex.Transaction, module: string, name: string, payload: unknown): Promise<number> {
  const [row] = await trx.withSchema('core').into('events')
    .insert({ module, name, payload: JSON.stringify(payload ?? null) })
    .returning('id')
  return row.id
}
