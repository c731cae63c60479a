import type { Knex } from 'knex'
import { ordersErrors } from '../errors.ts'
import type { Invoice } from '../schemas.ts'
import { formatDocumentNumber, nextDocumentNumber } from './document-numbers.ts'

const toInvoice = (row: Record<string, any>): Invoice => ({ id: row.id, orderId: row.order_id, number: row.number, createdAt: row.created_at })

/** Invoices: one per order, numbered per year (UTC) without gap or duplicate. */
export class InvoiceService {
  constructor (private readonly db: Knex) {}

  async find (orderId: number, db: Knex = this.db): Promise<Invoice | undefined> {
    const row = await db('orders.invoices').where({ order_id: orderId }).first('*')
    return row === undefined ? undefined : toInvoice(row)
  }

  async get (orderId: number, db: Knex = this.db): Promise<Invoice> {
    return await this.find(orderId, db) ?? invoiceNotFound(orderId)
  }

  /** The order's invoice, created now if it has none; the caller holds the order's row lock. */
  async ensure (orderId: number, trx: Knex.Transaction): Promise<{ invoice: Invoice, created: boolean }> {
    const existing = await this.find(orderId, trx)
    if (existing !== undefined) return { invoice: existing, created: false }
    const year = new Date().getUTCFullYear()
    const sequence = await nextDocumentNumber(trx, 'invoice', year)
    const [row] = await trx('orders.invoices').insert({ order_id: orderId, number: formatDocumentNumber('IN', year, sequence), year, sequence }).returning('*')
    return { invoice: toInvoice(row), created: true }
  }
}

function invoiceNotFound (orderId: number): never {
  throw new ordersErrors.BR_ORDERS_INVOICE_NOT_FOUND(orderId)
}
