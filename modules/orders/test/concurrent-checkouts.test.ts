import t from 'tap'
import { expectStatus, readyCart, startOrders } from './helpers.ts'

const shop = await startOrders(t, { fixtures: ['test_carrier', 'test_payment'] })
const knex = shop.database.knex

t.test('100 concurrent checkouts of a product with 10 left place exactly 10 orders', async t => {
  // On PostgreSQL the checkouts run on pooled connections at once and serialize on the product's
  // row lock in the catalog; PGlite runs them one by one. Either way exactly 10 may succeed.
  const product = await shop.product('RACE', { quantity: 10 })
  const customers = await Promise.all(Array.from({ length: 100 }, async () => await shop.customer()))
  await Promise.all(customers.map(async customer => await readyCart(customer, [{ productId: product.id, quantity: 1 }])))
  const responses = await Promise.all(customers.map(async customer => await customer.shop({ method: 'POST', url: '/api/orders/shop/checkout' })))
  const statuses = responses.map(response => response.statusCode)
  t.equal(statuses.filter(status => status === 201).length, 10)
  t.equal(statuses.filter(status => status === 409).length, 90)
  t.ok(responses.filter(response => response.statusCode === 409).every(response => response.json().code === 'BR_CATALOG_INSUFFICIENT_STOCK'))
  t.equal(await shop.stockOf(product.id), 0)
  t.equal(Number((await knex('orders.order_lines').where({ product_id: product.id }).sum({ sum: 'quantity' }))[0].sum), 10)
  t.equal((await shop.events('orders.placed')).length, 10, 'an event for each order placed, none for the refused ones')
  const refused = customers.filter((_, index) => statuses[index] === 409)
  t.equal((await expectStatus(refused[0].shop({ url: '/api/orders/shop/cart' }), 200)).json().lines.length, 1, 'a refused checkout keeps its cart')
})
