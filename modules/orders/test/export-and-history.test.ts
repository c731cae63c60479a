import { parse } from 'csv-parse/sync'
import t from 'tap'
import { expectStatus, startOrders } from './helpers.ts'

const shop = await startOrders(t)
const { asAdmin } = shop
const customer = await shop.customer({ country: 'DE', postcode: '10115' })
const paid = await shop.manualOrder(customer, { stateId: await shop.stateId('payment_accepted') })
const waiting = await shop.manualOrder(customer)

t.test('the CSV export streams the filtered list, newest first', async t => {
  await expectStatus(asAdmin({ method: 'PUT', url: '/api/modules/orders/settings', payload: { returnWindowDays: 14, exportBatchSize: 1 } }), 200)
  const response = await expectStatus(asAdmin({ url: `/api/orders/orders/export.csv?customerId=${customer.id}` }), 200)
  t.match(response.headers['content-type'], /^text\/csv/)
  const rows: string[][] = parse(response.body)
  t.same(rows[0].slice(0, 3), ['reference', 'created_at', 'state'])
  t.same(rows.slice(1).map(row => row[0]), [waiting.reference, paid.reference], 'every batch, in order')
  t.same(rows[2].slice(2, 6), ['Payment accepted', String(customer.id), customer.email, 'DE'])
  t.equal(rows[2][14], String(paid.totals.total))
  t.same(parse((await asAdmin({ url: `/api/orders/orders/export.csv?stateId=${await shop.stateId('payment_accepted')}&customerId=${customer.id}` })).body).length, 2)
  t.equal((await (await shop.employee('Logistician'))({ url: '/api/orders/orders/export.csv' })).statusCode, 403)
  t.equal((await asAdmin({ url: '/api/orders/orders/export.csv?limit=5' })).statusCode, 400, 'the export is not paged')
})

t.test('each CSV export is recorded in the audit log, as the changes are', async t => {
  const exported = `/api/orders/orders/export.csv?customerId=${customer.id}`
  await expectStatus(asAdmin({ url: exported }), 200)
  await expectStatus(asAdmin({ url: `/api/orders/orders/${paid.id}` }), 200)
  const { items } = (await asAdmin({ url: '/api/audit?module=orders&limit=200' })).json()
  const reads = items.filter((entry: { action: string }) => entry.action.startsWith('GET '))
  t.ok(reads.length > 0 && reads.every((entry: { action: string }) => entry.action === 'GET /api/orders/orders/export.csv'), 'exports, and not plain reads')
  t.match(reads[0], { actorType: 'employee', actorId: shop.adminId, status: 200 })
  t.same(reads[0].query, { customerId: customer.id, sort: 'date', order: 'desc' }, 'with its filters as the route validated them: coerced, defaults filled in')
})

t.test('the customers module shows the order history and exports the orders', async t => {
  const summary = (await expectStatus(asAdmin({ url: `/api/customers/customers/${customer.id}` }), 200)).json()
  t.match(JSON.stringify(summary), `"orderCount":1`, 'only valid (logable) orders count')
  t.match(JSON.stringify(summary), `{"currency":"EUR","amount":${paid.totals.total as number}}`)
  const orders = (await expectStatus(asAdmin({ url: `/api/customers/customers/${customer.id}/orders` }), 200)).json()
  t.same(orders.items.map((order: { id: number }) => order.id), [waiting.id, paid.id])
  const exported = (await expectStatus(asAdmin({ url: `/api/customers/customers/${customer.id}/export` }), 200)).json()
  t.match(JSON.stringify(exported), paid.reference)
  t.match(JSON.stringify(exported), '"history"')
})
