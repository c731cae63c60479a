import type { Knex } from 'knex'
import { ordersErrors } from '../errors.ts'
import type { Cart } from '../schemas.ts'
import { loadCatalogItems, type ItemRequest } from './catalog-items.ts'
import type { CustomerAccount, CustomerAccounts, CustomerAddress } from './customers.ts'
import { parcelOf, type OrderPricing } from './order-drafts.ts'
import { paymentMethod, paymentMethods, type ModulePaymentMethod, type PaymentProvider } from './payment-extension.ts'
import { totalsOf, type PricedLine } from './pricing.ts'
import { shippingOption, shippingOptions, type ModuleShippingOption, type ShippingParcel, type ShippingProvider } from './shipping-extension.ts'

export interface CartRow {
  id: number
  customer_id: number
  delivery_address_id: number | null
  invoice_address_id: number | null
  shipping_module: string | null
  shipping_option_id: string | null
  payment_module: string | null
  payment_method_id: string | null
}

interface CartLineRow { id: number, product_id: number, variant_id: number | null, quantity: number }

/** A cart priced for its customer, with what checkout needs. */
export interface PricedCart {
  row: CartRow
  lineIds: number[]
  currency: string
  lines: PricedLine[]
  delivery: CustomerAddress | null
}

export type ShippingProviders = () => Array<{ module: string, implementation: ShippingProvider }>
export type PaymentProviders = () => Array<{ module: string, implementation: PaymentProvider }>

/**
 * The shop cart: one per customer, lines of products or variants priced live from the catalog,
 * the addresses, shipping option and payment method chosen for checkout.
 */
export class CartService {
  constructor (
    private readonly db: Knex,
    private readonly accounts: () => CustomerAccounts,
    private readonly pricing: OrderPricing,
    private readonly shipping: ShippingProviders,
    private readonly payment: PaymentProviders,
    private readonly defaultLanguage: (db: Knex) => Promise<string>
  ) {}

  async view (customer: CustomerAccount): Promise<Cart> {
    return toCart(await this.priced(customer, await this.row(customer.id, this.db), this.db))
  }

  async addLine (customer: CustomerAccount, item: ItemRequest): Promise<Cart> {
    await this.db.transaction(async trx => {
      const cart = await this.lockedRow(customer.id, trx)
      const variantId = item.variantId ?? null
      const existing = await trx('orders.cart_lines').where({ cart_id: cart.id, product_id: item.productId }).whereRaw('coalesce(variant_id, 0) = ?', [variantId ?? 0]).first('id', 'quantity')
      await loadCatalogItems(trx, [item], customer.language, await this.defaultLanguage(trx))
      if (existing === undefined) await trx('orders.cart_lines').insert({ cart_id: cart.id, product_id: item.productId, variant_id: variantId, quantity: item.quantity })
      else await trx('orders.cart_lines').where({ id: existing.id }).update({ quantity: existing.quantity + item.quantity })
      await this.touch(cart.id, {}, trx)
    })
    return await this.view(customer)
  }

  async updateLine (customer: CustomerAccount, lineId: number, quantity: number): Promise<Cart> {
    await this.db.transaction(async trx => {
      const cart = await this.lockedRow(customer.id, trx)
      if ((await trx('orders.cart_lines').where({ id: lineId, cart_id: cart.id }).update({ quantity }).returning('id')).length === 0) throw new ordersErrors.BR_ORDERS_CART_LINE_NOT_FOUND(lineId)
      await this.touch(cart.id, {}, trx)
    })
    return await this.view(customer)
  }

  async removeLine (customer: CustomerAccount, lineId: number): Promise<Cart> {
    await this.db.transaction(async trx => {
      const cart = await this.lockedRow(customer.id, trx)
      if ((await trx('orders.cart_lines').where({ id: lineId, cart_id: cart.id }).delete().returning('id')).length === 0) throw new ordersErrors.BR_ORDERS_CART_LINE_NOT_FOUND(lineId)
      await this.touch(cart.id, {}, trx)
    })
    return await this.view(customer)
  }

  async setAddresses (customer: CustomerAccount, deliveryAddressId: number, invoiceAddressId: number | undefined): Promise<Cart> {
    await this.db.transaction(async trx => {
      const cart = await this.lockedRow(customer.id, trx)
      await this.accounts().address(customer.id, deliveryAddressId, trx)
      if (invoiceAddressId !== undefined) await this.accounts().address(customer.id, invoiceAddressId, trx)
      // Another destination may change what the carriers offer: the option is chosen again.
      await this.touch(cart.id, { delivery_address_id: deliveryAddressId, invoice_address_id: invoiceAddressId ?? deliveryAddressId, shipping_module: null, shipping_option_id: null }, trx)
    })
    return await this.view(customer)
  }

  async shippingOptions (customer: CustomerAccount): Promise<ModuleShippingOption[]> {
    const providers = this.shipping()
    if (providers.length === 0) throw new ordersErrors.BR_ORDERS_NO_SHIPPING_MODULE()
    return await shippingOptions(providers, this.parcel(await this.priced(customer, await this.row(customer.id, this.db), this.db)))
  }

  async setShipping (customer: CustomerAccount, choice: { module: string, optionId: string }): Promise<Cart> {
    await this.db.transaction(async trx => {
      const cart = await this.lockedRow(customer.id, trx)
      await shippingOption(this.shipping(), this.parcel(await this.priced(customer, cart, trx)), choice, trx)
      await this.touch(cart.id, { shipping_module: choice.module, shipping_option_id: choice.optionId }, trx)
    })
    return await this.view(customer)
  }

  async paymentMethods (customer: CustomerAccount): Promise<ModulePaymentMethod[]> {
    const providers = this.payment()
    if (providers.length === 0) throw new ordersErrors.BR_ORDERS_NO_PAYMENT_MODULE()
    const cart = await this.priced(customer, await this.row(customer.id, this.db), this.db)
    return await paymentMethods(providers, this.question(customer, cart, 0))
  }

  async setPayment (customer: CustomerAccount, choice: { module: string, methodId: string }): Promise<Cart> {
    await this.db.transaction(async trx => {
      const cart = await this.lockedRow(customer.id, trx)
      await paymentMethod(this.payment(), this.question(customer, await this.priced(customer, cart, trx), 0), choice, trx)
      await this.touch(cart.id, { payment_module: choice.module, payment_method_id: choice.methodId }, trx)
    })
    return await this.view(customer)
  }

  /** The customer's cart row, locked for the rest of the transaction (created empty when there is none). */
  async lockedRow (customerId: number, trx: Knex.Transaction): Promise<CartRow> {
    await trx('orders.carts').insert({ customer_id: customerId }).onConflict('customer_id').ignore()
    return await trx('orders.carts').where({ customer_id: customerId }).forUpdate().first('*')
  }

  async priced (customer: CustomerAccount, row: CartRow, db: Knex): Promise<PricedCart> {
    const lines: CartLineRow[] = await db('orders.cart_lines').where({ cart_id: row.id }).orderBy('id').select('id', 'product_id', 'variant_id', 'quantity')
    const delivery = row.delivery_address_id === null ? null : await this.accounts().address(customer.id, row.delivery_address_id, db)
    const priced = await this.pricing.price(customer, delivery, lines.map(line => ({ productId: line.product_id, variantId: line.variant_id, quantity: line.quantity })), db)
    return { row, lineIds: lines.map(line => line.id), ...priced, delivery }
  }

  /** The parcel of a cart with a delivery address and at least one line. */
  parcel (cart: PricedCart): ShippingParcel {
    if (cart.lines.length === 0) throw new ordersErrors.BR_ORDERS_CART_EMPTY()
    if (cart.delivery === null) throw new ordersErrors.BR_ORDERS_ADDRESS_REQUIRED()
    return parcelOf(cart.lines, totalsOf(cart.lines, 0), cart.currency, cart.delivery)
  }

  question (customer: CustomerAccount, cart: PricedCart, shipping: number): { total: number, currency: string, customerId: number, countryCode: string } {
    const parcel = this.parcel(cart)
    return { total: totalsOf(cart.lines, shipping).total, currency: cart.currency, customerId: customer.id, countryCode: parcel.destination.countryCode }
  }

  private async row (customerId: number, db: Knex): Promise<CartRow> {
    await db('orders.carts').insert({ customer_id: customerId }).onConflict('customer_id').ignore()
    return await db('orders.carts').where({ customer_id: customerId }).first('*')
  }

  private async touch (cartId: number, columns: Partial<CartRow>, trx: Knex.Transaction): Promise<void> {
    await trx('orders.carts').where({ id: cartId }).update({ ...columns, updated_at: trx.fn.now() })
  }
}

function toCart (cart: PricedCart): Cart {
  const { row } = cart
  return {
    id: row.id,
    currency: cart.currency,
    lines: cart.lines.map((line, index) => ({
      id: cart.lineIds[index],
      productId: line.productId,
      variantId: line.variantId,
      sku: line.sku,
      name: line.name,
      unitPrice: line.unitPrice,
      quantity: line.quantity,
      taxRate: line.taxRate,
      subtotal: line.subtotal,
      discount: line.discount,
      tax: line.tax,
      total: line.total
    })),
    deliveryAddressId: row.delivery_address_id,
    invoiceAddressId: row.invoice_address_id,
    shipping: row.shipping_module === null ? null : { module: row.shipping_module, optionId: row.shipping_option_id ?? '' },
    payment: row.payment_module === null ? null : { module: row.payment_module, methodId: row.payment_method_id ?? '' },
    totals: totalsOf(cart.lines, 0)
  }
}
