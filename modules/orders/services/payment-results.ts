import type { Knex } from 'knex'
import { ordersErrors } from '../errors.ts'
import type { Order } from '../schemas.ts'
import { SYSTEM, type OrderRecord, type OrderRepository } from './order-repository.ts'
import { paidStateKey, type OrderService } from './order-service.ts'

export interface PaymentConfirmation {
  /** The order reference. */
  reference: string
  /** The provider's payment reference, as its `start` returned it. */
  paymentReference: string
  /** Minor units received: the order's outstanding amount. */
  amount: number
  currency: string
}

/**
 * How a payment module settles a pending payment later (PayPal's capture webhook): the
 * `orders.service` extension point, which orders implements itself. Both calls are idempotent,
 * as webhooks are delivered more than once; pass your transaction to record the webhook with it.
 */
export interface OrdersService {
  find (reference: string, trx?: Knex): Promise<Order | undefined>
  /** The order becomes paid ("Remote payment accepted", or "On backorder (paid)"). */
  confirmPayment (payment: PaymentConfirmation, trx?: Knex.Transaction): Promise<Order>
  /** The order moves to "Payment error". */
  failPayment (payment: { reference: string, paymentReference: string }, trx?: Knex.Transaction): Promise<Order>
}

export class PaymentResults implements OrdersService {
  constructor (private readonly db: Knex, private readonly orders: OrderService, private readonly records: OrderRepository) {}

  async find (reference: string, trx?: Knex): Promise<Order | undefined> {
    const order = await this.records.findByReference(reference, trx ?? this.db)
    return order === undefined ? undefined : await this.orders.view(order, trx ?? this.db)
  }

  async confirmPayment (payment: PaymentConfirmation, trx?: Knex.Transaction): Promise<Order> {
    return await this.settle(payment, trx, async (order, own) => {
      const outstanding = order.totals.total - order.totals.paid
      if (outstanding === 0) return
      if (payment.amount !== outstanding || payment.currency !== order.currency) {
        throw new ordersErrors.BR_ORDERS_PAYMENT_MISMATCH(payment.amount, payment.currency, order.reference, outstanding, order.currency)
      }
      await this.orders.moveIfAllowed(order.id, paidStateKey, own, SYSTEM)
    })
  }

  async failPayment (payment: { reference: string, paymentReference: string }, trx?: Knex.Transaction): Promise<Order> {
    return await this.settle(payment, trx, async (order, own) => {
      await this.orders.moveIfAllowed(order.id, 'payment_error', own, SYSTEM)
    })
  }

  private async settle (payment: { reference: string, paymentReference: string }, trx: Knex.Transaction | undefined, apply: (order: OrderRecord, trx: Knex.Transaction) => Promise<void>): Promise<Order> {
    if (trx === undefined) return await this.db.transaction(async own => await this.settle(payment, own, apply))
    const found = await this.records.findByReference(payment.reference, trx)
    const order = found === undefined || found.paymentReference !== payment.paymentReference ? undefined : await this.records.lock(found.id, trx)
    if (order === undefined) throw new ordersErrors.BR_ORDERS_NOT_FOUND(payment.reference)
    await apply(order, trx)
    return await this.orders.get(order.id, trx)
  }
}
