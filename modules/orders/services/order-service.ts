import type { Knex } from 'knex'
import { ordersErrors } from '../errors.ts'
import type { HistoryEntry, Order, OrderState } from '../schemas.ts'
import type { EmitEvent } from './events.ts'
import type { InvoiceService } from './invoice-service.ts'
import { orderStateMachine } from './order-state-machine.ts'
import type { OrderStock } from './order-stock.ts'
import { type Actor, type NewOrder, type OrderRecord, type OrderRepository } from './order-repository.ts'
import { stateName, type StateService } from './state-service.ts'

/** What a caller may do, for the permission a target state requires; the platform and customers act through the rules only. */
export interface Caller extends Actor {
  holds?: (permission: string) => boolean
}

export interface OrderDraft extends Omit<NewOrder, 'stateId'> {
  /** The state the order starts in, knowing whether a line went on backorder. */
  initialState: (backordered: boolean) => Promise<OrderState>
}

const eventOf = (order: OrderRecord): { id: number, reference: string, customerId: number } => ({ id: order.id, reference: order.reference, customerId: order.customerId })

/**
 * Orders: placing them (stock taken in the same transaction), moving them through the state
 * machine with its effects (payment, shipping, delivery, invoice, stock given back on cancel),
 * and reading them.
 */
export class OrderService {
  constructor (
    private readonly db: Knex,
    private readonly orders: OrderRepository,
    private readonly states: StateService,
    private readonly stock: OrderStock,
    private readonly invoices: InvoiceService,
    private readonly emit: EmitEvent
  ) {}

  async get (id: number, db: Knex = this.db): Promise<Order> {
    return await this.view(await this.orders.get(id, db), db)
  }

  async view (order: OrderRecord, db: Knex = this.db): Promise<Order> {
    const state = await this.states.get(order.stateId, db)
    const defaultLanguage = await this.states.defaultLanguage(db)
    return {
      id: order.id,
      reference: order.reference,
      source: order.source,
      customerId: order.customerId,
      customerEmail: order.customerEmail,
      language: order.language,
      currency: order.currency,
      state: { id: state.id, key: state.key, name: stateName(state, defaultLanguage, defaultLanguage) },
      deliveryAddress: order.deliveryAddress,
      invoiceAddress: order.invoiceAddress,
      carrier: order.carrier,
      shipping: order.shippingModule === null ? null : { module: order.shippingModule, optionId: order.shippingOptionId ?? '', name: order.shippingName ?? '' },
      trackingNumber: order.trackingNumber,
      paymentModule: order.paymentModule,
      paymentMethod: order.paymentMethod,
      paymentReference: order.paymentReference,
      discountBasisPoints: order.discountBasisPoints,
      totals: order.totals,
      invoiceNumber: await this.orders.invoiceNumber(order.id, db),
      lines: await this.orders.lines(order.id, db),
      deliveredAt: order.deliveredAt,
      createdAt: order.createdAt,
      updatedAt: order.updatedAt
    }
  }

  async history (id: number): Promise<HistoryEntry[]> {
    await this.orders.get(id)
    return await this.orders.history(id, await this.states.refs())
  }

  /** Writes the order, takes its stock, and enters its first state; all in the caller's transaction. */
  async place (draft: OrderDraft, actor: Caller, trx: Knex.Transaction): Promise<OrderRecord> {
    const provisional = await draft.initialState(false)
    const { id, reference } = await this.orders.insert({ ...draft, stateId: provisional.id }, trx)
    const backordered = await this.stock.take(draft.lines, `order ${reference}`, trx)
    const state = backordered ? await draft.initialState(true) : provisional
    this.assertMayEnter(state, actor)
    if (state.id !== provisional.id) await this.orders.update(id, { state_id: state.id }, trx)
    await this.orders.addHistory(id, null, state.id, actor, trx)
    const order = await this.orders.lock(id, trx)
    await this.emit(trx, 'orders.placed', { ...eventOf(order), total: order.totals.total, currency: order.currency })
    await this.applyEffects(order, null, state, trx)
    return await this.orders.get(id, trx)
  }

  /** Moves an order along the transition table, with the effects of the state it enters. */
  async changeState (orderId: number, toStateId: number, actor: Caller, trx?: Knex.Transaction): Promise<OrderRecord> {
    if (trx === undefined) return await this.db.transaction(async own => await this.changeState(orderId, toStateId, actor, own))
    const order = await this.orders.lock(orderId, trx)
    const from = await this.states.get(order.stateId, trx)
    const to = await this.states.target(toStateId, trx)
    orderStateMachine.assertAllowed(from, to, state => state.names[order.language] ?? Object.values(state.names)[0])
    this.assertMayEnter(to, actor)
    await this.orders.update(orderId, { state_id: to.id }, trx)
    await this.orders.addHistory(orderId, from.id, to.id, actor, trx)
    await this.emit(trx, 'orders.state_changed', { ...eventOf(order), fromStateId: from.id, toStateId: to.id })
    await this.applyEffects(order, from, to, trx)
    return await this.orders.get(orderId, trx)
  }

  /** Moves an order into a default state when the table allows it (a payment confirmed, a full refund); else leaves it. */
  async moveIfAllowed (orderId: number, toKey: string, trx: Knex.Transaction, actor: Caller): Promise<boolean> {
    const order = await this.orders.lock(orderId, trx)
    const [from, to] = [await this.states.get(order.stateId, trx), await this.states.byKey(toKey, trx)]
    if (!orderStateMachine.allows(from, to)) return false
    await this.changeState(orderId, to.id, actor, trx)
    return true
  }

  async setTracking (orderId: number, trackingNumber: string | null): Promise<Order> {
    return await this.db.transaction(async trx => {
      await this.orders.lock(orderId, trx)
      await this.orders.update(orderId, { tracking_number: trackingNumber }, trx)
      return await this.get(orderId, trx)
    })
  }

  private assertMayEnter (state: OrderState, actor: Caller): void {
    const permission = orderStateMachine.requiredPermission(state)
    if (permission !== null && actor.holds !== undefined && !actor.holds(permission)) {
      throw new ordersErrors.BR_ORDERS_STATE_PERMISSION(Object.values(state.names)[0] ?? state.id, permission)
    }
  }

  private async applyEffects (order: OrderRecord, from: OrderState | null, to: OrderState, trx: Knex.Transaction): Promise<void> {
    const effects = orderStateMachine.effects(from, to, { paid: order.totals.paid, total: order.totals.total, deliveredAt: order.deliveredAt })
    const event = eventOf(order)
    if (effects.pays) {
      await this.orders.update(order.id, { paid_total: order.totals.total }, trx)
      await this.emit(trx, 'orders.paid', { ...event, amount: order.totals.total - order.totals.paid, currency: order.currency })
    }
    if (effects.ships) await this.emit(trx, 'orders.shipped', { ...event, carrier: order.carrier, trackingNumber: order.trackingNumber })
    if (effects.delivers) await this.orders.update(order.id, { delivered_at: trx.fn.now() }, trx)
    if (effects.invoices) await this.invoices.ensure(order.id, trx)
    const lines = effects.releasesStock || effects.retakesStock ? await this.orders.lines(order.id, trx) : []
    if (effects.releasesStock && !order.stockReleased) {
      await this.stock.give(lines, 'cancel', `order ${order.reference}`, trx)
      await this.orders.update(order.id, { stock_released: true }, trx)
    }
    if (effects.retakesStock && order.stockReleased) {
      await this.stock.take(lines, `order ${order.reference}`, trx)
      await this.orders.update(order.id, { stock_released: false }, trx)
    }
  }
}
