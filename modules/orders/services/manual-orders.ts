import type { Knex } from 'knex'
import { ordersErrors } from '../errors.ts'
import type { ManualOrder, Order } from '../schemas.ts'
import type { CustomerAccounts } from './customers.ts'
import { addressSnapshot, parcelOf, type OrderPricing } from './order-drafts.ts'
import type { Caller, OrderService } from './order-service.ts'
import { totalsOf } from './pricing.ts'
import { shippingOption, type ShippingProvider } from './shipping-extension.ts'
import type { StateService } from './state-service.ts'

/** Orders staff place for a customer (a phone order): no payment module, a state staff chose. */
export class ManualOrders {
  constructor (
    private readonly db: Knex,
    private readonly accounts: () => CustomerAccounts,
    private readonly pricing: OrderPricing,
    private readonly shipping: () => Array<{ module: string, implementation: ShippingProvider }>,
    private readonly states: StateService,
    private readonly orders: OrderService
  ) {}

  async create (input: ManualOrder, caller: Caller): Promise<Order> {
    return await this.db.transaction(async trx => {
      const accounts = this.accounts()
      const customer = await accounts.get(input.customerId, trx)
      if (!customer.active) throw new ordersErrors.BR_ORDERS_CUSTOMER_INACTIVE(customer.id)
      const delivery = await accounts.address(customer.id, input.deliveryAddressId, trx)
      const invoice = input.invoiceAddressId === undefined ? delivery : await accounts.address(customer.id, input.invoiceAddressId, trx)
      const chosenState = input.stateId === undefined ? undefined : (await this.states.current(trx)).target(input.stateId)
      const { currency, lines } = await this.pricing.price(customer, delivery, input.lines, trx)
      const option = input.shipping === undefined ? null : await shippingOption(this.shipping(), parcelOf(lines, totalsOf(lines, 0), currency, delivery), input.shipping, trx)
      const order = await this.orders.place({
        source: 'staff',
        customerId: customer.id,
        customerEmail: customer.email,
        language: customer.language,
        currency,
        deliveryAddress: addressSnapshot(delivery),
        invoiceAddress: addressSnapshot(invoice),
        shipping: option === null ? null : { module: option.module, optionId: option.id, name: option.name, carrier: option.carrier },
        paymentModule: null,
        paymentMethod: input.paymentMethod,
        paymentMethodId: null,
        discountBasisPoints: customer.discountBasisPoints,
        totals: totalsOf(lines, option?.price ?? 0),
        lines,
        initialState: (backordered, states) => chosenState ?? states.byKey(backordered ? 'backorder_unpaid' : 'awaiting_bank_wire_payment')
      }, caller, trx)
      return await this.orders.view(order, trx)
    })
  }
}
