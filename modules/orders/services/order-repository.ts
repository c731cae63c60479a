import { randomInt } from 'node:crypto'
import type { Knex } from 'knex'
import { precompiledQuery } from 'backroom'
import { ordersErrors } from '../errors.ts'
import type { Address, HistoryEntry, OrderLine } from '../schemas.ts'
import type { OrderTotals, PricedLine } from './pricing.ts'
import { stateListKeyColumns } from './state-repository.ts'

/** Who changed an order: an employee or API key (staff routes), the customer (shop), or the platform. */
export interface Actor {
  type: 'employee' | 'api_key' | 'customer' | 'system'
  id: number | null
  label: string | null
}

export const SYSTEM: Actor = { type: 'system', id: null, label: null }

export interface NewOrder {
  source: 'shop' | 'staff'
  customerId: number
  customerEmail: string
  language: string
  currency: string
  stateId: number
  deliveryAddress: Address
  invoiceAddress: Address
  shipping: { module: string, optionId: string, name: string, carrier: string } | null
  paymentModule: string | null
  paymentMethod: string
  paymentMethodId: string | null
  discountBasisPoints: number
  totals: OrderTotals
  lines: PricedLine[]
}

/** An order row as the services use it. */
export interface OrderRecord extends Omit<NewOrder, 'shipping' | 'totals' | 'lines'> {
  id: number
  reference: string
  deliveryCountry: string
  carrier: string | null
  shippingModule: string | null
  shippingOptionId: string | null
  shippingName: string | null
  trackingNumber: string | null
  paymentReference: string | null
  totals: OrderTotals & { paid: number, refunded: number }
  stockReleased: boolean
  invoiceNumber: string | null
  deliveredAt: Date | null
  createdAt: Date
  updatedAt: Date
}

const REFERENCE_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const newReference = (): string => Array.from({ length: 9 }, () => REFERENCE_LETTERS[randomInt(REFERENCE_LETTERS.length)]).join('')

const parseJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T

/** An order row joined with its invoice number, as `toRecord` reads it. */
export function orderRows (db: Knex): Knex.QueryBuilder {
  return db('orders.orders as o').leftJoin('orders.invoices as i', 'i.order_id', 'o.id').select('o.*', 'i.number as invoice_number')
}

/** The order read of every order page, with the state list's key beside it: built once. */
const orderWithStateListKey = precompiledQuery<[id: number]>((db, id) => orderRows(db).where('o.id', id).first(stateListKeyColumns(db)))
/** The same with the order's lines as a JSON array of their rows (integers and text only, so JSON keeps their values): an order page in one round trip. */
const orderWithLinesAndStateListKey = precompiledQuery<[id: number]>((db, id) => orderRows(db).where('o.id', id).first([
  ...stateListKeyColumns(db),
  db.raw("(select coalesce(json_agg(l order by l.position), '[]') from orders.order_lines l where l.order_id = o.id) as lines")
]))
const linesOfOrder = precompiledQuery<[orderId: number]>((db, orderId) => db('orders.order_lines').where({ order_id: orderId }).orderBy('position').select('*'))

export function toRecord (row: Record<string, any>): OrderRecord {
  return {
    id: row.id,
    reference: row.reference,
    source: row.source,
    customerId: row.customer_id,
    customerEmail: row.customer_email,
    language: row.language,
    currency: row.currency,
    stateId: row.state_id,
    deliveryAddress: parseJson(row.delivery_address),
    invoiceAddress: parseJson(row.invoice_address),
    deliveryCountry: row.delivery_country,
    carrier: row.carrier,
    shippingModule: row.shipping_module,
    shippingOptionId: row.shipping_option_id,
    shippingName: row.shipping_name,
    trackingNumber: row.tracking_number,
    paymentModule: row.payment_module,
    paymentMethod: row.payment_method,
    paymentMethodId: row.payment_method_id,
    paymentReference: row.payment_reference,
    discountBasisPoints: row.discount_basis_points,
    totals: {
      products: Number(row.products_total),
      discount: Number(row.discount_total),
      tax: Number(row.tax_total),
      shipping: Number(row.shipping_total),
      total: Number(row.total),
      paid: Number(row.paid_total),
      refunded: Number(row.refunded_total)
    },
    stockReleased: row.stock_released,
    invoiceNumber: row.invoice_number,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
}

const toLine = (row: Record<string, any>): OrderLine => ({
  id: row.id,
  position: row.position,
  productId: row.product_id,
  variantId: row.variant_id,
  sku: row.sku,
  name: row.name,
  unitPrice: Number(row.unit_price),
  quantity: row.quantity,
  taxRate: row.tax_rate,
  subtotal: Number(row.subtotal),
  discount: Number(row.discount),
  tax: Number(row.tax),
  total: Number(row.total),
  refundedQuantity: row.refunded_quantity
})

/** Orders, their lines and their history, in the orders schema. */
export class OrderRepository {
  constructor (private readonly db: Knex) {}

  /** Writes an order with a new unique reference and its lines. */
  async insert (order: NewOrder, trx: Knex.Transaction): Promise<OrderRecord> {
    const columns = {
      source: order.source,
      customer_id: order.customerId,
      customer_email: order.customerEmail,
      language: order.language,
      currency: order.currency,
      state_id: order.stateId,
      delivery_address: JSON.stringify(order.deliveryAddress),
      invoice_address: JSON.stringify(order.invoiceAddress),
      delivery_country: order.deliveryAddress.countryCode,
      carrier: order.shipping?.carrier ?? null,
      shipping_module: order.shipping?.module ?? null,
      shipping_option_id: order.shipping?.optionId ?? null,
      shipping_name: order.shipping?.name ?? null,
      payment_module: order.paymentModule,
      payment_method: order.paymentMethod,
      payment_method_id: order.paymentMethodId,
      discount_basis_points: order.discountBasisPoints,
      products_total: order.totals.products,
      discount_total: order.totals.discount,
      tax_total: order.totals.tax,
      shipping_total: order.totals.shipping,
      total: order.totals.total
    }
    // 26^9 references: a collision is rare, and `on conflict do nothing` keeps the transaction usable when one happens.
    for (;;) {
      const reference = newReference()
      const [inserted] = await trx('orders.orders').insert({ ...columns, reference }).onConflict('reference').ignore().returning('*')
      if (inserted === undefined) continue
      await trx('orders.order_lines').insert(order.lines.map((line, index) => ({
        order_id: inserted.id,
        position: index + 1,
        product_id: line.productId,
        variant_id: line.variantId,
        sku: line.sku,
        name: line.name,
        weight_grams: line.weightGrams,
        unit_price: line.unitPrice,
        quantity: line.quantity,
        tax_rate: line.taxRate,
        subtotal: line.subtotal,
        discount: line.discount,
        tax: line.tax,
        total: line.total
      })))
      return toRecord({ ...inserted, invoice_number: null })
    }
  }

  /** The order, or a query for it to select more beside (`first` runs it). */
  query (id: number, db: Knex = this.db): Knex.QueryBuilder {
    return orderRows(db).where('o.id', id)
  }

  /** The order row with the state list's key selected beside it (`listKeyOf` reads it); undefined when there is none. */
  async findWithStateListKey (id: number, db: Knex = this.db): Promise<Record<string, any> | undefined> {
    return (await orderWithStateListKey(db, id))[0]
  }

  /** The order row with the state list's key selected beside it, and its lines; undefined when there is none. */
  async findWithLinesAndStateListKey (id: number, db: Knex = this.db): Promise<{ row: Record<string, any>, lines: OrderLine[] } | undefined> {
    const [row] = await orderWithLinesAndStateListKey(db, id)
    return row === undefined ? undefined : { row, lines: row.lines.map(toLine) }
  }

  async find (id: number, db: Knex = this.db): Promise<OrderRecord | undefined> {
    const row = await this.query(id, db).first()
    return row === undefined ? undefined : toRecord(row)
  }

  async get (id: number, db: Knex = this.db): Promise<OrderRecord> {
    return await this.find(id, db) ?? orderNotFound(id)
  }

  /** Locks the order row for the rest of the transaction: every change to an order takes it first. */
  lockQuery (id: number, trx: Knex.Transaction): Knex.QueryBuilder {
    return this.query(id, trx).forUpdate('o')
  }

  async lock (id: number, trx: Knex.Transaction): Promise<OrderRecord> {
    const row = await this.lockQuery(id, trx).first()
    return row === undefined ? orderNotFound(id) : toRecord(row)
  }

  async findByReference (reference: string, db: Knex = this.db): Promise<OrderRecord | undefined> {
    const row = await orderRows(db).where('o.reference', reference).first()
    return row === undefined ? undefined : toRecord(row)
  }

  async update (id: number, columns: Record<string, unknown>, trx: Knex.Transaction): Promise<void> {
    await trx('orders.orders').where({ id }).update({ ...columns, updated_at: trx.fn.now() })
  }

  /** Updates the order and gives it back as it now is; the invoice number is the caller's to know, as it holds the row lock. */
  async updateRecord (order: OrderRecord, columns: Record<string, unknown>, trx: Knex.Transaction): Promise<OrderRecord> {
    const [row] = await trx('orders.orders').where({ id: order.id }).update({ ...columns, updated_at: trx.fn.now() }).returning('*')
    return toRecord({ ...row, invoice_number: order.invoiceNumber })
  }

  async lines (orderId: number, db: Knex = this.db): Promise<OrderLine[]> {
    return (await linesOfOrder(db, orderId)).map(toLine)
  }

  async addHistory (orderId: number, fromStateId: number | null, toStateId: number, actor: Actor, trx: Knex.Transaction): Promise<void> {
    await trx('orders.order_history').insert({ order_id: orderId, from_state_id: fromStateId, to_state_id: toStateId, actor_type: actor.type, actor_id: actor.id, actor_label: actor.label })
  }

  /** Oldest first: how the order got where it is. */
  async history (orderId: number, stateRef: (id: number) => HistoryEntry['toState'], db: Knex = this.db): Promise<HistoryEntry[]> {
    const rows = await db('orders.order_history').where({ order_id: orderId }).orderBy('id').select('*')
    return rows.map(row => ({
      id: Number(row.id),
      fromState: row.from_state_id === null ? null : stateRef(row.from_state_id),
      toState: stateRef(row.to_state_id),
      actor: { type: row.actor_type, id: row.actor_id, label: row.actor_label },
      createdAt: row.created_at
    }))
  }
}

export function orderNotFound (id: number | string): never {
  throw new ordersErrors.BR_ORDERS_NOT_FOUND(id)
}
