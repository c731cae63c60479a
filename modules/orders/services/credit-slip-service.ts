import type { Knex } from 'knex'
import { ordersErrors } from '../errors.ts'
import type { CreditSlip, CreditSlipRequest } from '../schemas.ts'
import { formatDocumentNumber, nextDocumentNumber } from './document-numbers.ts'
import type { EmitEvent } from './events.ts'
import { shareOf } from './money.ts'
import { chosenLines } from './order-lines.ts'
import { SYSTEM, type OrderRecord, type OrderRepository } from './order-repository.ts'
import type { OrderService } from './order-service.ts'
import { callProvider, paymentOrderOf, type PaymentProvider } from './payment-extension.ts'

/**
 * Credit slips: full or partial refunds of chosen lines and/or the shipping, never more than was
 * paid and not yet refunded, refunded through the order's payment module in the same
 * transaction; a fully refunded order moves to "Refunded".
 */
export class CreditSlipService {
  constructor (
    private readonly db: Knex,
    private readonly records: OrderRepository,
    private readonly orders: OrderService,
    private readonly payment: () => Array<{ module: string, implementation: PaymentProvider }>,
    private readonly emit: EmitEvent
  ) {}

  async create (orderId: number, request: CreditSlipRequest, employeeId: number | null): Promise<CreditSlip> {
    return await this.db.transaction(async trx => {
      const order = await this.records.lock(orderId, trx)
      const lines = chosenLines(await this.records.lines(orderId, trx), request.lines ?? [], order.reference).map(({ line, quantity }) => {
        const left = line.quantity - line.refundedQuantity
        if (quantity > left) throw new ordersErrors.BR_ORDERS_REFUND_QUANTITY(line.id, left)
        return { line, quantity, amount: shareOf(line.total, line.quantity, line.refundedQuantity, quantity) }
      })
      const shippingAmount = request.shipping === true ? order.totals.shipping - await this.shippingRefunded(orderId, trx) : 0
      if (lines.length === 0 && request.shipping !== true) throw new ordersErrors.BR_ORDERS_REFUND_EMPTY()
      const productsAmount = lines.reduce((total, line) => total + line.amount, 0)
      const total = productsAmount + shippingAmount
      const refundable = order.totals.paid - order.totals.refunded
      if (total > refundable || total === 0) throw new ordersErrors.BR_ORDERS_REFUND_EXCEEDS_PAID(total, refundable)
      const year = new Date().getUTCFullYear()
      const number = formatDocumentNumber('CS', year, await nextDocumentNumber(trx, 'credit_slip', year))
      const [{ id }] = await trx('orders.credit_slips').insert({
        order_id: orderId, number, products_amount: productsAmount, shipping_amount: shippingAmount, total, currency: order.currency, employee_id: employeeId
      }).returning('id')
      for (const { line, quantity, amount } of lines) {
        await trx('orders.credit_slip_lines').insert({ credit_slip_id: id, order_line_id: line.id, quantity, amount })
        await trx('orders.order_lines').where({ id: line.id }).update({ refunded_quantity: line.refundedQuantity + quantity })
      }
      await this.records.update(orderId, { refunded_total: order.totals.refunded + total }, trx)
      const refundReference = await this.refund(order, total, number, trx)
      await trx('orders.credit_slips').where({ id }).update({ refund_reference: refundReference })
      const fully = order.totals.refunded + total === order.totals.paid
      if (fully) await this.orders.moveIfAllowed(orderId, 'refunded', trx, SYSTEM)
      await this.emit(trx, 'orders.refunded', { id: order.id, reference: order.reference, customerId: order.customerId, creditSlipId: id, amount: total, currency: order.currency, fully })
      return (await this.list(orderId, trx)).find(slip => slip.id === id)!
    })
  }

  async list (orderId: number, db: Knex = this.db): Promise<CreditSlip[]> {
    await this.records.get(orderId, db)
    const slips = await db('orders.credit_slips').where({ order_id: orderId }).orderBy('id').select('*')
    const lines = await db('orders.credit_slip_lines').whereIn('credit_slip_id', slips.map(slip => slip.id)).orderBy('order_line_id').select('*')
    return slips.map(slip => ({
      id: slip.id,
      orderId: slip.order_id,
      number: slip.number,
      productsAmount: Number(slip.products_amount),
      shippingAmount: Number(slip.shipping_amount),
      total: Number(slip.total),
      currency: slip.currency,
      refundReference: slip.refund_reference,
      lines: lines.filter(line => line.credit_slip_id === slip.id).map(line => ({ orderLineId: line.order_line_id, quantity: line.quantity, amount: Number(line.amount) })),
      createdAt: slip.created_at
    }))
  }

  private async shippingRefunded (orderId: number, trx: Knex.Transaction): Promise<number> {
    const [{ sum }] = await trx('orders.credit_slips').where({ order_id: orderId }).sum({ sum: 'shipping_amount' })
    return Number(sum ?? 0)
  }

  /** Refunds through the order's payment module; an order staff placed without one was paid outside: nothing to call. */
  private async refund (order: OrderRecord, amount: number, number: string, trx: Knex.Transaction): Promise<string | null> {
    if (order.paymentModule === null) return null
    const provider = this.payment().find(candidate => candidate.module === order.paymentModule)
    if (provider === undefined) throw new ordersErrors.BR_ORDERS_PAYMENT_MODULE_DISABLED(order.paymentModule, order.reference)
    const module = order.paymentModule
    const refunded = await callProvider(async () => await provider.implementation.refund(paymentOrderOf(order), amount, number, trx), message => new ordersErrors.BR_ORDERS_REFUND_FAILED(module, message))
    return refunded.reference
  }
}
