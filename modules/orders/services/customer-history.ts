import type { CustomerDataSource, CustomerHistory } from '@backroom/customers/api.ts'
import { defineExtension } from 'backroom'
import { createOrdersServices } from './orders-services.ts'

/**
 * `customers.history`: a customer's valid orders (in a state flagged logable) and what they spent
 * on them, paid less refunded, per currency; and their orders, newest first.
 */
export const customerHistory = defineExtension<CustomerHistory>(orders => {
  const services = createOrdersServices(orders)
  return {
    async summary (customerId, trx) {
      const db = trx ?? services.db
      const rows = await db('orders.orders as o').join('orders.states as s', 's.id', 'o.state_id').where({ 'o.customer_id': customerId, 's.logable': true })
        .groupBy('o.currency').select('o.currency', db.raw('count(*)::int as count'), db.raw('sum(o.paid_total - o.refunded_total)::bigint as amount'))
      return {
        orderCount: rows.reduce((total, row) => total + row.count, 0),
        totalSpent: rows.map(row => ({ currency: row.currency, amount: Number(row.amount) }))
      }
    },
    async orders (customerId, page) {
      return await services.search.ofCustomer(customerId, page)
    }
  }
})

/** `customers.data`: every order of the customer, lines, addresses and history included, for a GDPR export. */
export const customerOrderData = defineExtension<CustomerDataSource>(orders => {
  const services = createOrdersServices(orders)
  return {
    async export (customerId) {
      const ids: number[] = await services.db('orders.orders').where({ customer_id: customerId }).orderBy('id').pluck('id')
      const exported = []
      for (const id of ids) exported.push({ ...await services.orders.get(id), history: await services.orders.history(id) })
      return { orders: exported }
    }
  }
})
