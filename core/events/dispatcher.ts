import type { FastifyBaseLogger } from 'fastify'
import type { Database } from '../db/database.ts'
import type { DomainEvent, ModuleContext, ModuleManifest } from '../modules/contract.ts'
import { claimDelivery, undeliveredEvents, type Claim } from './deliveries.ts'
import { EVENTS_CHANNEL } from './outbox.ts'
import { registerSubscriptions, subscriptionsOf, type Subscription } from './subscriptions.ts'

/** Retries of a failing handler back off from the poll interval, doubling up to this. */
export const MAX_RETRY_DELAY_MS = 60_000

export interface EventDispatcherOptions {
  db: Database
  log: FastifyBaseLogger
  /** The enabled modules of the current module set, read afresh for every pass. */
  modules: () => ModuleManifest[]
  contextFor: (manifest: ModuleManifest) => ModuleContext
  /** How often to look for events without a notification (committed before a crash, or by a process that died before notifying), in ms; also the first retry delay. */
  pollInterval: number
  /** Events fetched per subscriber and query. */
  batchSize?: number
}

interface Failure { attempts: number, retryAt: number }

/**
 * Delivers every committed event to every subscription of the enabled modules, at least once:
 * each delivery runs the handler in one transaction with its delivery record, so a handler that
 * throws, or a process that dies mid-delivery, leaves the event undelivered for a later pass.
 * A subscriber receives its events in id order; one that fails is retried with backoff and holds
 * back that subscriber's later events, never other subscribers'.
 */
export class EventDispatcher {
  readonly #options: EventDispatcherOptions
  readonly #batchSize: number
  readonly #stopping = new AbortController()
  readonly #registered = new Set<string>()
  readonly #failures = new Map<string, Failure>()
  readonly #contexts = new WeakMap<ModuleManifest, ModuleContext>()
  #pass: Promise<void> | undefined
  #again = false
  #timer: NodeJS.Timeout | undefined
  #unlisten: (() => Promise<void>) | undefined

  constructor (options: EventDispatcherOptions) {
    this.#options = options
    this.#batchSize = options.batchSize ?? 100
  }

  async start (): Promise<void> {
    this.#unlisten = await this.#options.db.listen(EVENTS_CHANNEL, () => { this.wake() })
    this.#timer = setInterval(() => { this.wake() }, this.#options.pollInterval)
    this.#timer.unref()
    this.wake()
  }

  /** Starts a pass now, or another one right after the pass under way. */
  wake (): void {
    if (this.#stopping.signal.aborted) return
    if (this.#pass !== undefined) {
      this.#again = true
      return
    }
    this.#pass = this.#passes().finally(() => { this.#pass = undefined })
  }

  /**
   * Stops delivering: handlers in flight see their signal aborted and are awaited; what they
   * leave undelivered is delivered by the next process to start.
   */
  async stop (): Promise<void> {
    this.#stopping.abort(new Error('the platform is shutting down'))
    clearInterval(this.#timer)
    await this.#unlisten?.()
    await this.#pass
  }

  get #stopped (): boolean {
    return this.#stopping.signal.aborted
  }

  async #passes (): Promise<void> {
    do {
      this.#again = false
      try {
        await this.#deliverPending()
      } catch (error) {
        this.#options.log.error({ err: error }, 'event delivery pass failed')
      }
    } while (this.#again && !this.#stopped)
  }

  /** One batch per subscription in turn, so one long backlog does not starve the others. */
  async #deliverPending (): Promise<void> {
    let more = true
    while (more && !this.#stopped) {
      more = false
      for (const manifest of this.#options.modules()) {
        const subscriptions = subscriptionsOf(manifest)
        await this.#register(manifest, subscriptions)
        for (const subscription of subscriptions) {
          if (this.#stopped) return
          if (this.#due(subscription) && await this.#deliverBatch(subscription)) more = true
        }
      }
    }
  }

  /** On first sight of a subscription this process did not see installed (added without an upgrade). */
  async #register (manifest: ModuleManifest, subscriptions: Subscription[]): Promise<void> {
    if (subscriptions.every(subscription => this.#registered.has(subscription.id))) return
    await registerSubscriptions(this.#options.db.knex, manifest)
    for (const subscription of subscriptions) this.#registered.add(subscription.id)
  }

  #due (subscription: Subscription): boolean {
    const failure = this.#failures.get(subscription.id)
    return failure === undefined || failure.retryAt <= Date.now()
  }

  /** Delivers one batch; true when it was full and all delivered, so more may be waiting. */
  async #deliverBatch (subscription: Subscription): Promise<boolean> {
    const events = await undeliveredEvents(this.#options.db.knex, subscription.id, subscription.event, this.#batchSize)
    for (const event of events) {
      if (this.#stopped) return false
      const claim = await this.#deliver(subscription, event)
      if (claim === 'busy' || claim === 'failed') return false
    }
    return events.length === this.#batchSize
  }

  async #deliver (subscription: Subscription, event: DomainEvent): Promise<Claim | 'failed'> {
    try {
      const claim = await this.#options.db.knex.transaction(async trx => {
        const claim = await claimDelivery(trx, subscription.id, event.id)
        if (claim === 'claimed') await subscription.handler(event, { trx, module: this.#context(subscription.module), signal: this.#stopping.signal })
        return claim
      })
      this.#failures.delete(subscription.id)
      return claim
    } catch (error) {
      this.#recordFailure(subscription, event, error)
      return 'failed'
    }
  }

  /** Logs which module and event failed, never the payload: it may carry personal data or secrets. */
  #recordFailure (subscription: Subscription, event: DomainEvent, error: unknown): void {
    const where = { module: subscription.module.name, event: event.name, eventId: event.id }
    if (this.#stopped) {
      this.#options.log.info(where, 'event delivery interrupted by shutdown; it will be delivered again')
      return
    }
    const attempts = (this.#failures.get(subscription.id)?.attempts ?? 0) + 1
    const delay = Math.min(this.#options.pollInterval * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS)
    this.#failures.set(subscription.id, { attempts, retryAt: Date.now() + delay })
    this.#options.log.error({ ...where, err: error, attempts, retryInMs: delay }, 'event handler failed; the delivery will be retried')
  }

  #context (manifest: ModuleManifest): ModuleContext {
    let context = this.#contexts.get(manifest)
    if (context === undefined) {
      context = this.#options.contextFor(manifest)
      this.#contexts.set(manifest, context)
    }
    return context
  }
}
