import type { Knex } from 'knex'
import type { EventHandler, ModuleManifest } from '../modules/contract.ts'

/** One module's handler for one event name; its id names it in core.event_subscribers and core.event_deliveries. */
export interface Subscription {
  /** `<module>:<event name>` */
  id: string
  module: ModuleManifest
  event: string
  handler: EventHandler
}

export function subscriptionsOf (manifest: ModuleManifest): Subscription[] {
  return Object.entries(manifest.events?.subscribes ?? {})
    .map(([event, handler]) => ({ id: `${manifest.name}:${event}`, module: manifest, event, handler }))
}

/**
 * Registers the module's subscriptions that are not registered yet. Each starts after the newest
 * event visible now: a module gets no history from before it subscribed, but every event
 * committed later, whether or not a process was running or the module enabled at that time.
 * Install and upgrade call this in their transaction, so no event falls between the change and
 * the registration.
 */
export async function registerSubscriptions (db: Knex | Knex.Transaction, manifest: ModuleManifest): Promise<void> {
  const subscriptions = subscriptionsOf(manifest)
  if (subscriptions.length === 0) return
  const newestEvent = db.raw('(select coalesce(max(id), 0) from core.events)')
  await db.withSchema('core').into('event_subscribers')
    .insert(subscriptions.map(subscription => ({ subscriber: subscription.id, from_event_id: newestEvent })))
    .onConflict('subscriber').ignore()
}

/** Drops an uninstalled module's subscriptions and their delivery records: a reinstall starts afresh. */
export async function forgetSubscriptions (trx: Knex.Transaction, module: string): Promise<void> {
  const subscribers = await trx.withSchema('core').from('event_subscribers')
    .whereRaw("split_part(subscriber, ':', 1) = ?", [module]).pluck('subscriber')
  if (subscribers.length === 0) return
  await trx.withSchema('core').from('event_deliveries').whereIn('subscriber', subscribers).delete()
  await trx.withSchema('core').from('event_subscribers').whereIn('subscriber', subscribers).delete()
}
