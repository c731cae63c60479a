import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { stringify } from 'csv-stringify'
import type { OrderFilters, OrderSearch, StateRefOf } from './order-search.ts'

const HEADER = ['reference', 'created_at', 'state', 'customer_id', 'customer_email', 'delivery_country', 'carrier', 'tracking_number', 'payment_method', 'currency', 'products', 'discount', 'tax', 'shipping', 'total', 'paid', 'refunded']

/** Streams the filtered order list as CSV, a batch per query by keyset: memory stays flat whatever the count. */
export async function exportOrders (search: OrderSearch, filters: OrderFilters & { sort: 'date' | 'total', order: 'asc' | 'desc' }, batchSize: number, stateRef: StateRefOf): Promise<Readable> {
  const output = stringify()
  async function * rows (): AsyncGenerator<unknown[]> {
    yield HEADER
    for await (const batch of search.all(filters, batchSize)) {
      for (const order of batch) {
        const { totals } = order
        yield [order.reference, order.createdAt.toISOString(), stateRef(order.stateId).name, order.customerId, order.customerEmail, order.deliveryCountry, order.carrier ?? '', order.trackingNumber ?? '',
          order.paymentMethod, order.currency, totals.products, totals.discount, totals.tax, totals.shipping, totals.total, totals.paid, totals.refunded]
      }
    }
  }
  pipeline(Readable.from(rows()), output).catch(error => output.destroy(error))
  return output
}
