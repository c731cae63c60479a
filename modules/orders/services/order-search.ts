import type { Knex } from 'knex'
import { ordersErrors } from '../errors.ts'
import type { OrderListQuery, OrderSummary } from '../schemas.ts'
import { orderRows, toRecord, type OrderRecord } from './order-repository.ts'
import { stateListKeyColumns } from './state-repository.ts'
import type { StateService } from './state-service.ts'

export const ORDER_SORTS = ['date', 'total'] as const
type OrderSort = typeof ORDER_SORTS[number]

export type OrderFilters = Omit<OrderListQuery, 'limit' | 'cursor' | 'sort' | 'order'>
export interface OrderPageQuery extends OrderFilters { sort: OrderSort, order: 'asc' | 'desc', limit: number, cursor?: string }

/** Each sort key, its column and the type a cursor value must have. */
const SORT_KEYS: Record<OrderSort, { column: string, cast: string, valid: (value: unknown) => boolean }> = {
  date: { column: 'created_at', cast: 'timestamptz', valid: value => typeof value === 'string' && !Number.isNaN(Date.parse(value)) },
  total: { column: 'total', cast: 'bigint', valid: value => Number.isSafeInteger(value) }
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, match => `\\${match}`)

export type StateRefOf = (stateId: number) => OrderSummary['state']

/** What the order list shows of an order. */
export interface OrderListRow {
  id: number
  reference: string
  customerId: number
  customerEmail: string
  stateId: number
  total: number
  currency: string
  carrier: string | null
  paymentMethod: string
  deliveryCountry: string
  createdAt: Date
}

/** The columns of an OrderListRow: a page reads no more (the addresses are most of an order row). */
const LIST_COLUMNS = ['o.id', 'o.reference', 'o.customer_id', 'o.customer_email', 'o.state_id', 'o.total', 'o.currency', 'o.carrier', 'o.payment_method', 'o.delivery_country', 'o.created_at']

const toListRow = (row: Record<string, any>): OrderListRow => ({
  id: row.id,
  reference: row.reference,
  customerId: row.customer_id,
  customerEmail: row.customer_email,
  stateId: row.state_id,
  total: Number(row.total),
  currency: row.currency,
  carrier: row.carrier,
  paymentMethod: row.payment_method,
  deliveryCountry: row.delivery_country,
  createdAt: row.created_at
})

function toSummary (order: OrderListRow, stateRef: StateRefOf): OrderSummary {
  return {
    id: order.id,
    reference: order.reference,
    customerId: order.customerId,
    customerEmail: order.customerEmail,
    state: stateRef(order.stateId),
    total: order.total,
    currency: order.currency,
    carrier: order.carrier,
    paymentMethod: order.paymentMethod,
    deliveryCountry: order.deliveryCountry,
    createdAt: order.createdAt
  }
}

export interface OrderPageResult { items: OrderSummary[], total: number, totalExact: boolean, nextCursor: string | null }

/**
 * The order list: newest first by default, every filter on an indexed column, pages by keyset on
 * the sort key and the id, with the total of the filtered set counted up to `countLimit`.
 */
export class OrderSearch {
  constructor (private readonly db: Knex, private readonly countLimit: () => Promise<number>, private readonly states: StateService) {}

  /** A page of the list, its states named from the list at the key its rows were read with. */
  async page (query: OrderPageQuery): Promise<OrderPageResult> {
    const cursor = query.cursor === undefined ? undefined : decode(query.cursor, query)
    const filtered = this.filtered(query)
    const { total, totalExact } = await this.count(filtered)
    const rows: Array<Record<string, any>> = await this.sorted(filtered.clone().select([...LIST_COLUMNS, ...stateListKeyColumns(this.db)]), query, cursor).limit(query.limit + 1)
    const stateRef = (rows.length === 0 ? await this.states.current() : await this.states.listOf(rows[0])).ref
    const page = rows.slice(0, query.limit).map(toListRow)
    const last = page.at(-1)
    const nextCursor = rows.length > query.limit && last !== undefined ? encode(query, last) : null
    return { items: page.map(row => toSummary(row, stateRef)), total, totalExact, nextCursor }
  }

  /**
   * Counting every match of a common filter (a state of 900,000 delivered orders) scans them all on
   * every page; past the limit the count stops, and the total says it is a lower bound.
   */
  private async count (filtered: Knex.QueryBuilder): Promise<{ total: number, totalExact: boolean }> {
    const limit = await this.countLimit()
    const matches = filtered.clone().select(this.db.raw('1')).limit(limit + 1).as('matches')
    const [{ count }] = await this.db.from(matches).count({ count: '*' })
    const counted = Number(count)
    return counted > limit ? { total: limit, totalExact: false } : { total: counted, totalExact: true }
  }

  /** Every filtered order, in the list's order, a batch at a time (the CSV export). */
  async * all (filters: OrderFilters & { sort: OrderSort, order: 'asc' | 'desc' }, batchSize: number): AsyncGenerator<OrderRecord[]> {
    let cursor: Cursor | undefined
    for (;;) {
      const rows = (await this.sorted(this.filtered(filters, orderRows(this.db)), filters, cursor).limit(batchSize)).map(toRecord)
      if (rows.length === 0) return
      yield rows
      const last = rows[rows.length - 1]
      cursor = { key: keyOf(filters.sort, { createdAt: last.createdAt, total: last.totals.total }), id: last.id }
    }
  }

  /** A customer's orders, newest first. */
  async ofCustomer (customerId: number, page: { limit: number, cursor?: string }): Promise<{ items: OrderSummary[], nextCursor: string | null }> {
    const { items, nextCursor } = await this.page({ customerId, sort: 'date', order: 'desc', limit: page.limit, cursor: page.cursor })
    return { items, nextCursor }
  }

  /** The filtered orders, their columns chosen, in the list's order from the cursor on. */
  private sorted (filtered: Knex.QueryBuilder, query: { sort: OrderSort, order: 'asc' | 'desc' }, cursor: Cursor | undefined): Knex.QueryBuilder {
    const { column, cast } = SORT_KEYS[query.sort]
    const direction = query.order
    const sorted = filtered.orderBy([{ column: `o.${column}`, order: direction }, { column: 'o.id', order: direction }])
    if (cursor !== undefined) sorted.whereRaw(`(o.${column}, o.id) ${direction === 'asc' ? '>' : '<'} (?::${cast}, ?)`, [cursor.key, cursor.id])
    return sorted
  }

  /** The filtered orders, a query builder to count or page (built synchronously: awaiting a builder runs it), from `orders.orders as o` or a join of it. */
  private filtered (filters: OrderFilters, orders: Knex.QueryBuilder = this.db('orders.orders as o')): Knex.QueryBuilder {
    if (filters.stateId !== undefined) orders.where('o.state_id', filters.stateId)
    if (filters.customerId !== undefined) orders.where('o.customer_id', filters.customerId)
    if (filters.reference !== undefined) orders.whereRaw("o.reference like ? escape '\\'", [`${escapeLike(filters.reference.toUpperCase())}%`])
    if (filters.dateFrom !== undefined) orders.where('o.created_at', '>=', new Date(filters.dateFrom))
    if (filters.dateTo !== undefined) orders.where('o.created_at', '<', new Date(filters.dateTo))
    if (filters.totalMin !== undefined) orders.where('o.total', '>=', filters.totalMin)
    if (filters.totalMax !== undefined) orders.where('o.total', '<=', filters.totalMax)
    if (filters.carrier !== undefined) orders.where('o.carrier', filters.carrier)
    if (filters.paymentMethod !== undefined) orders.where('o.payment_method', filters.paymentMethod)
    if (filters.country !== undefined) orders.where('o.delivery_country', filters.country)
    return orders
  }
}

interface Cursor { key: string | number, id: number }

const keyOf = (sort: OrderSort, order: { createdAt: Date, total: number }): string | number => sort === 'date' ? order.createdAt.toISOString() : order.total

function encode (query: { sort: OrderSort, order: string }, last: OrderListRow): string {
  return Buffer.from(JSON.stringify([query.sort, query.order, keyOf(query.sort, last), last.id])).toString('base64url')
}

function decode (text: string, query: { sort: OrderSort, order: string }): Cursor {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch {
    throw new ordersErrors.BR_ORDERS_INVALID_CURSOR()
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw new ordersErrors.BR_ORDERS_INVALID_CURSOR()
  const [sort, order, key, id] = parsed
  if (sort !== query.sort || order !== query.order || !SORT_KEYS[query.sort].valid(key) || !Number.isSafeInteger(id)) throw new ordersErrors.BR_ORDERS_INVALID_CURSOR()
  return { key, id }
}
