import t from 'tap'
import { customersUrl, startCustomers } from './helpers.ts'

t.test('without a module implementing customers.history, a customer has no orders', async t => {
  const customers = await startCustomers(t)
  const created = await customers.createCustomer()
  t.same((await customers.asAdmin({ url: `${customersUrl}/${created.id as number}` })).json().history, { orderCount: 0, totalSpent: [] })
  const orders = await customers.asAdmin({ url: `${customersUrl}/${created.id as number}/orders` })
  t.equal(orders.statusCode, 200)
  t.same(orders.json(), { items: [], nextCursor: null })
})

t.test('with one, the customer shows its order count and total spent per currency, and pages its orders', async t => {
  const customers = await startCustomers(t, ['order_book'])
  const { asAdmin } = customers
  const buyer = await customers.createCustomer()
  const other = await customers.createCustomer()
  const place = async (customerId: number, currency: string, amount: number): Promise<number> => {
    const placed = await asAdmin({ method: 'POST', url: '/api/order_book/orders', payload: { customerId, currency, amount } })
    if (placed.statusCode !== 201) throw new Error(placed.body)
    return placed.json().id
  }
  const placed = [await place(buyer.id, 'EUR', 1999), await place(buyer.id, 'EUR', 501), await place(buyer.id, 'USD', 1000), await place(other.id, 'EUR', 7)]
  t.same((await asAdmin({ url: `${customersUrl}/${buyer.id as number}` })).json().history, { orderCount: 3, totalSpent: [{ currency: 'EUR', amount: 2500 }, { currency: 'USD', amount: 1000 }] })
  const first = (await asAdmin({ url: `${customersUrl}/${buyer.id as number}/orders?limit=2` })).json()
  t.same(first.items.map((order: { id: number }) => order.id), [placed[2], placed[1]])
  const second = (await asAdmin({ url: `${customersUrl}/${buyer.id as number}/orders?limit=2&cursor=${first.nextCursor as string}` })).json()
  t.same(second, { items: [{ id: placed[0], currency: 'EUR', amount: 1999 }], nextCursor: null })
  t.same((await asAdmin({ url: `${customersUrl}/${other.id as number}` })).json().history, { orderCount: 1, totalSpent: [{ currency: 'EUR', amount: 7 }] })
  const unknown = await asAdmin({ url: `${customersUrl}/999999/orders` })
  t.equal(unknown.statusCode, 404)
  t.equal(unknown.json().code, 'BR_CUSTOMERS_NOT_FOUND')
  const refused = await asAdmin({ method: 'POST', url: '/api/order_book/orders', payload: { customerId: 999999, currency: 'EUR', amount: 1 } })
  t.equal(refused.json().code, 'BR_CUSTOMERS_NOT_FOUND', 'customers.accounts.get refuses an unknown customer to another module, in its transaction')
})
