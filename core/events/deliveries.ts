import type { Knex } from 'knex'
import type { DomainEvent } from '../modules/contract.ts'

/**
 * The oldest events a subscriber has not received, in id order. Events are tracked one by one
 * rather than by a cursor: an event whose transaction commits after a newer one was delivered
 * is still found.
 */
export async function undeliveredEvents (knex: Knex, subscriber: string, event: string, limit: number): Promise<DomainEvent[]> {
  return await knex.from('core.events as e')
    .join('core.event_subscribers as s', join => join.on('e.id', '>', 's.from_event_id').andOnVal('s.subscriber', '=', subscriber))
    .where('e.name', event)
    .whereNotExists(delivered => delivered.select(knex.raw('1')).from('core.event_deliveries as d')
      .whereRaw('d.subscriber = s.subscriber and d.event_id = e.id'))
    .orderBy('e.id')
    .limit(limit)
    .select('e.id', 'e.name', 'e.module', 'e.payload', 'e.created_at as createdAt')
}

/**
 * `claimed`: the caller delivers the event in this transaction; its delivery record commits
 * with the handler's writes or disappears with them. `delivered`: done already. `busy`: another
 * process is delivering to this subscriber right now (or it was just uninstalled); try later.
 */
export type Claim = 'claimed' | 'delivered' | 'busy'

/**
 * Claims one delivery. Locking the subscriber's row keeps processes sharing a database from
 * delivering to one subscriber at the same time, so each subscriber sees its events in order.
 */
export async function claimDelivery (trx: Knex.Transaction, subscriber: string, eventId: number): Promise<Claim> {
  const held = await trx.withSchema('core').from('event_subscribers').where({ subscriber }).forUpdate().skipLocked().first('subscriber')
  if (held === undefined) return 'busy'
  const inserted = await trx.withSchema('core').into('event_deliveries').insert({ subscriber, event_id: eventId })
    .onConflict(['subscriber', 'event_id']).ignore().returning('event_id')
  return inserted.length === 1 ? 'claimed' : 'delivered'
}
