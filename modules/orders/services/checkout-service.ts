import type { Knex } from 'knex'
import { ordersErrors } from '../errors.ts'
import type { Order } from '../schemas.ts'
import type { CartService, PaymentProviders, ShippingProviders } from './cart-service.ts'
import type { CustomerAccount, CustomerAccounts } from './customers.ts'
import { addressSnapshot } from './order-drafts.ts'
import { SYSTEM, type OrderRepository } from './order-repository.ts'
import { paidStateKey, type OrderService } from './order-service.ts'
import { callProvider, paymentMethod, paymentOrderOf, type PaymentStart } from './payment-extension.ts'
import { totalsOf } from './pricing.ts'
import { shippingOption } from './shipping-extension.ts'

export interface CheckoutResult {
  order: Order
  payment: { status: PaymentStart['status'], redirectUrl: string | null }
}

/**
 * Places the signed-in customer's cart as an order, in one transaction: prices read live, the
 * shipping option quoted again, the stock taken, the payment started; a failure anywhere leaves
 * nothing behind, not even a stock movement.
 */
export class CheckoutService {
  constructor (
    private readonly db: Knex,
    private readonly carts: CartService,
    private readonly accounts: () => CustomerAccounts,
    private readonly shipping: ShippingProviders,
    private readonly payment: PaymentProviders,
    private readonly orders: OrderService,
    private readonly orderRecords: OrderRepository
  ) {}

  async checkout (signedIn: CustomerAccount): Promise<CheckoutResult> {
    return await this.db.transaction(async trx => {
      const cart = await this.carts.lockedRow(signedIn.id, trx)
      if (this.shipping().length === 0) throw new ordersErrors.BR_ORDERS_NO_SHIPPING_MODULE()
      if (this.payment().length === 0) throw new ordersErrors.BR_ORDERS_NO_PAYMENT_MODULE()
      const customer = await this.accounts().get(signedIn.id, trx)
      const priced = await this.carts.priced(customer, cart, trx)
      const parcel = this.carts.parcel(priced)
      if (cart.shipping_module === null || cart.shipping_option_id === null) throw new ordersErrors.BR_ORDERS_SHIPPING_REQUIRED()
      if (cart.payment_module === null || cart.payment_method_id === null) throw new ordersErrors.BR_ORDERS_PAYMENT_REQUIRED()
      const option = await shippingOption(this.shipping(), parcel, { module: cart.shipping_module, optionId: cart.shipping_option_id }, trx)
      const totals = totalsOf(priced.lines, option.price)
      const { method, provider } = await paymentMethod(this.payment(), this.carts.question(customer, priced, option.price), { module: cart.payment_module, methodId: cart.payment_method_id }, trx)
      const invoice = cart.invoice_address_id === null || cart.invoice_address_id === cart.delivery_address_id
        ? priced.delivery!
        : await this.accounts().address(customer.id, cart.invoice_address_id, trx)
      const placed = await this.orders.place({
        source: 'shop',
        customerId: customer.id,
        customerEmail: customer.email,
        language: customer.language,
        currency: priced.currency,
        deliveryAddress: addressSnapshot(priced.delivery!),
        invoiceAddress: addressSnapshot(invoice),
        shipping: { module: option.module, optionId: option.id, name: option.name, carrier: option.carrier },
        paymentModule: method.module,
        paymentMethod: method.name,
        paymentMethodId: method.id,
        discountBasisPoints: customer.discountBasisPoints,
        totals,
        lines: priced.lines,
        initialState: (backordered, states) => states.byKey(backordered ? 'backorder_unpaid' : method.awaitingState ?? 'awaiting_remote_payment')
      }, { type: 'customer', id: customer.id, label: customer.email }, trx)
      const started = await callProvider(async () => await provider.start(paymentOrderOf(placed), trx), message => new ordersErrors.BR_ORDERS_PAYMENT_FAILED(method.module, message))
      await trx('orders.carts').where({ id: cart.id }).delete()
      const pending = await this.orderRecords.updateRecord(placed, { payment_reference: started.reference }, trx)
      // Paid at once: the move to paid comes last, as it numbers the invoice.
      const order = started.status === 'paid' ? await this.orders.moveIfAllowed(placed.id, paidStateKey, trx, SYSTEM) ?? pending : pending
      return { order: await this.orders.view(order, trx), payment: { status: started.status, redirectUrl: started.redirectUrl ?? null } }
    })
  }
}
