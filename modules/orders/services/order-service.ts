import type { Knex } from 'knex'
import { ordersErrors } from '../errors.ts'
import type { HistoryEntry, Order, OrderLine, OrderState } from '../schemas.ts'
import type { EmitEvent } from './events.ts'
import type { InvoiceService } from './invoice-service.ts'
import { orderStateMachine } from './order-state-machine.ts'
import type { OrderStock } from './order-stock.ts'
import { orderNotFound, toRecord, type Actor, type NewOrder, type OrderRecord, type OrderRepository } from './order-repository.ts'
import type { StateList } from './state-list.ts'
import type { StateService } from './state-service.ts'

/** What a caller may do, for the permission a target state requires; the platform and customers act through the rules only. */
export interface Caller extends Actor {
  holds?: (permission: string) => boolean
}

export interface OrderDraft extends Omit<NewOrder, 'stateId'> {
  /** The state the order starts in, knowing whether a line went on backorder. */
  initialState: (backordered: boolean, states: StateList) => OrderState
}

/** Where a payment received moves an order: "On backorder (paid)" from "On backorder (not paid)", else "Remote payment accepted". */
export const paidStateKey = (from: OrderState): string => from.key === 'backorder_unpaid' ? 'backorder_paid' : 'remote_payment_accepted'

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
    const { row, lines } = await this.orders.findWithLinesAndStateListKey(id, db) ?? orderNotFound(id)
    return present(toRecord(row), lines, await this.states.listOf(row, db))
  }

  async view (order: OrderRecord, db: Knex = this.db, states?: StateList): Promise<Order> {
    return present(order, await this.orders.lines(order.id, db), states ?? await this.states.current(db))
  }

  async history (id: number): Promise<HistoryEntry[]> {
    const row = await this.orders.findWithStateListKey(id) ?? orderNotFound(id)
    return await this.orders.history(id, (await this.states.listOf(row)).ref)
  }

  /** Writes the order, takes its stock, and enters its first state; all in the caller's transaction. */
  async place (draft: OrderDraft, actor: Caller, trx: Knex.Transaction): Promise<OrderRecord> {
    const states = await this.states.current(trx)
    const provisional = draft.initialState(false, states)
    const order = await this.orders.insert({ ...draft, stateId: provisional.id }, trx)
    const backordered = await this.stock.take(draft.lines, `order ${order.reference}`, trx)
    const state = backordered ? draft.initialState(true, states) : provisional
    this.assertMayEnter(state, actor)
    await this.orders.addHistory(order.id, null, state.id, actor, trx)
    await this.emit(trx, 'orders.placed', { ...eventOf(order), total: order.totals.total, currency: order.currency })
    return await this.enter(order, null, state, trx)
  }

  /** Moves an order along the transition table, with the effects of the state it enters. */
  async changeState (orderId: number, toStateId: number, actor: Caller, trx?: Knex.Transaction): Promise<OrderRecord> {
    if (trx === undefined) return await this.db.transaction(async own => await this.changeState(orderId, toStateId, actor, own))
    const { order, states } = await this.locked(orderId, trx)
    const from = states.get(order.stateId)
    const to = states.target(toStateId)
    orderStateMachine.assertAllowed(from, to, state => state.names[order.language] ?? Object.values(state.names)[0])
    return await this.move(order, from, to, actor, trx)
  }

  /**
   * Moves an order into a default state, named by key or by a function of the state it is in,
   * when the table allows it (a payment confirmed, a full refund); else leaves it: undefined.
   */
  async moveIfAllowed (orderId: number, toKey: string | ((from: OrderState) => string), trx: Knex.Transaction, actor: Caller): Promise<OrderRecord | undefined> {
    const { order, states } = await this.locked(orderId, trx)
    const from = states.get(order.stateId)
    const to = states.byKey(typeof toKey === 'string' ? toKey : toKey(from))
    return orderStateMachine.allows(from, to) ? await this.move(order, from, to, actor, trx) : undefined
  }

  async setTracking (orderId: number, trackingNumber: string | null): Promise<Order> {
    return await this.db.transaction(async trx => {
      const { order, states } = await this.locked(orderId, trx)
      return await this.view(await this.orders.updateRecord(order, { tracking_number: trackingNumber }, trx), trx, states)
    })
  }

  /** Locks the order, reading the state list's key with it. */
  private async locked (orderId: number, trx: Knex.Transaction): Promise<{ order: OrderRecord, states: StateList }> {
    const found = await this.states.beside(this.orders.lockQuery(orderId, trx), trx) ?? orderNotFound(orderId)
    return { order: toRecord(found.row), states: found.states }
  }

  private async move (order: OrderRecord, from: OrderState, to: OrderState, actor: Caller, trx: Knex.Transaction): Promise<OrderRecord> {
    this.assertMayEnter(to, actor)
    await this.orders.addHistory(order.id, from.id, to.id, actor, trx)
    await this.emit(trx, 'orders.state_changed', { ...eventOf(order), fromStateId: from.id, toStateId: to.id })
    return await this.enter(order, from, to, trx)
  }

  private assertMayEnter (state: OrderState, actor: Caller): void {
    const permission = orderStateMachine.requiredPermission(state)
    if (permission !== null && actor.holds !== undefined && !actor.holds(permission)) {
      throw new ordersErrors.BR_ORDERS_STATE_PERMISSION(Object.values(state.names)[0] ?? state.id, permission)
    }
  }

  /**
   * Puts the order in the state with the effects of entering it, in one update; the invoice comes
   * last, as numbering it locks the year's counter until the transaction commits.
   */
  private async enter (order: OrderRecord, from: OrderState | null, to: OrderState, trx: Knex.Transaction): Promise<OrderRecord> {
    const effects = orderStateMachine.effects(from, to, { paid: order.totals.paid, total: order.totals.total, deliveredAt: order.deliveredAt })
    const event = eventOf(order)
    const columns: Record<string, unknown> = { state_id: to.id }
    if (effects.pays) {
      columns.paid_total = order.totals.total
      await this.emit(trx, 'orders.paid', { ...event, amount: order.totals.total - order.totals.paid, currency: order.currency })
    }
    if (effects.ships) await this.emit(trx, 'orders.shipped', { ...event, carrier: order.carrier, trackingNumber: order.trackingNumber })
    if (effects.delivers) columns.delivered_at = trx.fn.now()
    const lines = effects.releasesStock || effects.retakesStock ? await this.orders.lines(order.id, trx) : []
    if (effects.releasesStock && !order.stockReleased) {
      await this.stock.give(lines, 'cancel', `order ${order.reference}`, trx)
      columns.stock_released = true
    }
    if (effects.retakesStock && order.stockReleased) {
      await this.stock.take(lines, `order ${order.reference}`, trx)
      columns.stock_released = false
    }
    const entered = await this.orders.updateRecord(order, columns, trx)
    if (!effects.invoices || entered.invoiceNumber !== null) return entered
    return { ...entered, invoiceNumber: (await this.invoices.ensure(order.id, trx)).invoice.number }
  }
}

/** An order as the API shows it. */
function present (order: OrderRecord, lines: OrderLine[], states: StateList): Order {
  return {
    id: order.id,
    reference: order.reference,
    source: order.source,
    customerId: order.customerId,
    customerEmail: order.customerEmail,
    language: order.language,
    currency: order.currency,
    state: states.ref(order.stateId),
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
    invoiceNumber: order.invoiceNumber,
    lines,
    deliveredAt: order.deliveredAt,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt
  }
}
