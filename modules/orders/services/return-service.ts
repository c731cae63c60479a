import type { Knex } from 'knex'
import { ordersErrors } from '../errors.ts'
import type { MerchandiseReturn, ReturnCreate } from '../schemas.ts'
import { chosenLines } from './order-lines.ts'
import type { OrderRepository } from './order-repository.ts'
import type { OrderStock } from './order-stock.ts'
import { assertReturnTransition, returnStateName, type ReturnState } from './return-states.ts'
import type { StateService } from './state-service.ts'

const DAY_MS = 86_400_000

/**
 * Merchandise returns of delivered orders, within the return window; completing one puts its
 * units back in stock (reason `return`).
 */
export class ReturnService {
  constructor (
    private readonly db: Knex,
    private readonly orders: OrderRepository,
    private readonly states: StateService,
    private readonly stock: OrderStock,
    private readonly windowDays: () => Promise<number>
  ) {}

  async create (orderId: number, input: ReturnCreate, requestedBy: 'customer' | 'staff', language?: string): Promise<MerchandiseReturn> {
    // Settings are read outside the transaction: on PGlite's one connection a query beside it would wait for it forever.
    const windowDays = await this.windowDays()
    return await this.db.transaction(async trx => {
      const order = await this.orders.lock(orderId, trx)
      if (!(await this.states.get(order.stateId, trx)).delivered || order.deliveredAt === null) throw new ordersErrors.BR_ORDERS_RETURN_NOT_ALLOWED(order.reference)
      const closes = new Date(order.deliveredAt.getTime() + windowDays * DAY_MS)
      if (closes.getTime() < Date.now()) throw new ordersErrors.BR_ORDERS_RETURN_WINDOW_CLOSED(order.reference, closes.toISOString().slice(0, 10))
      const lines = chosenLines(await this.orders.lines(orderId, trx), input.lines, order.reference)
      const returned = await this.returnedQuantities(orderId, trx)
      for (const { line, quantity } of lines) {
        const left = line.quantity - (returned.get(line.id) ?? 0)
        if (quantity > left) throw new ordersErrors.BR_ORDERS_RETURN_QUANTITY(line.id, left)
      }
      const [{ id }] = await trx('orders.returns').insert({ order_id: orderId, state: 'waiting_confirmation', reason: input.reason, requested_by: requestedBy }).returning('id')
      await trx('orders.return_lines').insert(lines.map(({ line, quantity }) => ({ return_id: id, order_line_id: line.id, quantity })))
      return await this.get(id, language, trx)
    })
  }

  async changeState (returnId: number, to: ReturnState): Promise<MerchandiseReturn> {
    return await this.db.transaction(async trx => {
      const row = await trx('orders.returns').where({ id: returnId }).forUpdate().first('*') ?? notFound(returnId)
      assertReturnTransition(row.state, to)
      if (to === 'completed') {
        const order = await this.orders.lock(row.order_id, trx)
        const lines = await trx('orders.return_lines as r').join('orders.order_lines as l', 'l.id', 'r.order_line_id').where('r.return_id', returnId)
          .select('l.product_id', 'l.variant_id', 'r.quantity')
        await this.stock.give(lines.map(line => ({ productId: line.product_id, variantId: line.variant_id, quantity: line.quantity })), 'return', `return ${returnId} of order ${order.reference}`, trx)
      }
      await trx('orders.returns').where({ id: returnId }).update({ state: to, updated_at: trx.fn.now() })
      return await this.get(returnId, undefined, trx)
    })
  }

  async get (id: number, language?: string, db: Knex = this.db): Promise<MerchandiseReturn> {
    const row = await db('orders.returns').where({ id }).first('*') ?? notFound(id)
    return (await this.views([row], language, db))[0]
  }

  async ofOrder (orderId: number, language?: string): Promise<MerchandiseReturn[]> {
    await this.orders.get(orderId)
    return await this.views(await this.db('orders.returns').where({ order_id: orderId }).orderBy('id').select('*'), language, this.db)
  }

  /** Newest first, by keyset on the id. */
  async list (query: { state?: ReturnState, limit: number, cursor?: number }): Promise<{ items: MerchandiseReturn[], nextCursor: number | null }> {
    const rows = await this.db('orders.returns').modify(builder => {
      if (query.state !== undefined) builder.where({ state: query.state })
      if (query.cursor !== undefined) builder.where('id', '<', query.cursor)
    }).orderBy('id', 'desc').limit(query.limit + 1).select('*')
    const items = await this.views(rows.slice(0, query.limit), undefined, this.db)
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].id : null }
  }

  /** Units of each line already in a return, denied returns aside. */
  private async returnedQuantities (orderId: number, trx: Knex.Transaction): Promise<Map<number, number>> {
    const rows = await trx('orders.return_lines as rl').join('orders.returns as r', 'r.id', 'rl.return_id')
      .where('r.order_id', orderId).whereNot('r.state', 'denied').groupBy('rl.order_line_id').select('rl.order_line_id', trx.raw('sum(rl.quantity)::int as quantity'))
    return new Map(rows.map(row => [row.order_line_id, row.quantity]))
  }

  private async views (rows: Array<Record<string, any>>, language: string | undefined, db: Knex): Promise<MerchandiseReturn[]> {
    const defaultLanguage = await this.states.defaultLanguage(db)
    const lines = await db('orders.return_lines').whereIn('return_id', rows.map(row => row.id)).orderBy('order_line_id').select('*')
    return rows.map(row => ({
      id: row.id,
      orderId: row.order_id,
      state: row.state,
      stateName: returnStateName(row.state, language ?? defaultLanguage, defaultLanguage),
      reason: row.reason,
      requestedBy: row.requested_by,
      lines: lines.filter(line => line.return_id === row.id).map(line => ({ orderLineId: line.order_line_id, quantity: line.quantity })),
      createdAt: row.created_at,
      updatedAt: row.updated_at
    }))
  }
}

function notFound (id: number): never {
  throw new ordersErrors.BR_ORDERS_RETURN_NOT_FOUND(id)
}
