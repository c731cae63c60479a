import type { Knex } from 'knex'

export const EVENTS_CHANNEL = 'backroom_events'

/**
 * Writes a domain event in the caller's transaction: it exists exactly when the change that
 * caused it commits. Delivery to subscribers happens after commit (see the dispatcher).
 */
export async function writeEvents (trx: Knex.Transaction, module: string, events: ReadonlyArray<{ name: string, payload: unknown }>): Promise<void> {
  if (events.length === 0) return
  await trx.withSchema('core').into('events')
    .insert(events.map(({ name, payload }) => ({ module, name, payload: JSON.stringify(payload ?? null) })))
}
