import t from 'tap'
import { expectStatus, readyCart, startOrders, type ShopCustomer } from './helpers.ts'

const shop = await startOrders(t, { fixtures: ['test_carrier', 'test_payment'] })
const { asAdmin } = shop
const knex = shop.database.knex

/** A shop order of 3 units at 10.00 (12.00 with VAT) plus 6.90 shipping (1.5 kg), paid with the test card, then delivered. */
async function deliveredOrder (customer: ShopCustomer, sku: string): Promise<any> {
  const product = await shop.product(sku, { quantity: 10 })
  await readyCart(customer, [{ productId: product.id, quantity: 3 }])
  const { order } = (await expectStatus(customer.shop({ method: 'POST', url: '/api/orders/shop/checkout' }), 201)).json()
  await shop.moveTo(order.id, 'shipped')
  return { ...await shop.moveTo(order.id, 'delivered'), productId: product.id }
}

t.test('a customer returns units of a delivered order; completing the return restocks them', async t => {
  const customer = await shop.customer()
  const order = await deliveredOrder(customer, 'RET-1')
  t.equal(await shop.stockOf(order.productId), 7)
  const lineId = order.lines[0].id
  const requested = await customer.shop({ method: 'POST', url: `/api/orders/shop/orders/${order.reference as string}/returns`, payload: { lines: [{ lineId, quantity: 2 }], reason: 'Too small' } })
  t.equal(requested.statusCode, 201)
  const request = requested.json()
  t.match(request, { orderId: order.id, state: 'waiting_confirmation', stateName: 'Waiting for confirmation', requestedBy: 'customer', reason: 'Too small', lines: [{ orderLineId: lineId, quantity: 2 }] })
  const tooMany = await customer.shop({ method: 'POST', url: `/api/orders/shop/orders/${order.reference as string}/returns`, payload: { lines: [{ lineId, quantity: 2 }], reason: 'Again' } })
  t.equal(tooMany.statusCode, 409)
  t.match(tooMany.json(), { code: 'BR_ORDERS_RETURN_QUANTITY', message: /1 unit/ })
  const step = async (state: string) => await asAdmin({ method: 'POST', url: `/api/orders/returns/${request.id as number}/state`, payload: { state } })
  t.equal((await step('package_received')).json().code, 'BR_ORDERS_RETURN_TRANSITION_REFUSED', 'one step at a time')
  t.equal((await step('waiting_package')).json().state, 'waiting_package')
  t.equal((await step('package_received')).json().state, 'package_received')
  t.equal(await shop.stockOf(order.productId), 7, 'not restocked before completion')
  t.match((await step('completed')).json(), { state: 'completed', stateName: 'Return completed' })
  t.equal(await shop.stockOf(order.productId), 9)
  t.match((await asAdmin({ url: `/api/catalog/products/${order.productId as number}/stock/movements` })).json().items[0], { delta: 2, reason: 'return' })
  t.equal((await step('denied')).json().code, 'BR_ORDERS_RETURN_TRANSITION_REFUSED', 'a completed return is final')
  t.match((await customer.shop({ url: `/api/orders/shop/orders/${order.reference as string}/returns` })).json().items, [{ id: request.id, state: 'completed' }])
  t.match((await asAdmin({ url: '/api/orders/returns?state=completed' })).json().items, [{ id: request.id }])
})

t.test('a denied return frees its units for another request', async t => {
  const customer = await shop.customer({ language: 'fr' })
  const order = await deliveredOrder(customer, 'RET-DENY')
  const lines = [{ lineId: order.lines[0].id, quantity: 3 }]
  const first = (await expectStatus(asAdmin({ method: 'POST', url: `/api/orders/orders/${order.id as number}/returns`, payload: { lines, reason: 'Broken' } }), 201)).json()
  t.equal(first.requestedBy, 'staff')
  await expectStatus(asAdmin({ method: 'POST', url: `/api/orders/returns/${first.id as number}/state`, payload: { state: 'denied' } }), 200)
  const second = await customer.shop({ method: 'POST', url: `/api/orders/shop/orders/${order.reference as string}/returns`, payload: { lines, reason: 'Broken, really' } })
  t.equal(second.statusCode, 201)
  t.equal(second.json().stateName, 'En attente de confirmation', 'in the customer\'s language')
})

t.test('only delivered orders are returned, within the return window', async t => {
  const customer = await shop.customer()
  const undelivered = await shop.manualOrder(customer, { stateId: await shop.stateId('payment_accepted') })
  const payload = { lines: [{ lineId: undelivered.lines[0].id, quantity: 1 }], reason: 'Changed my mind' }
  t.equal((await asAdmin({ method: 'POST', url: `/api/orders/orders/${undelivered.id as number}/returns`, payload })).json().code, 'BR_ORDERS_RETURN_NOT_ALLOWED')
  const order = await deliveredOrder(customer, 'RET-LATE')
  await expectStatus(asAdmin({ method: 'PUT', url: '/api/modules/orders/settings', payload: { returnWindowDays: 0, exportBatchSize: 500 } }), 200)
  const late = await customer.shop({ method: 'POST', url: `/api/orders/shop/orders/${order.reference as string}/returns`, payload: { lines: [{ lineId: order.lines[0].id, quantity: 1 }], reason: 'Late' } })
  t.equal(late.statusCode, 409)
  t.equal(late.json().code, 'BR_ORDERS_RETURN_WINDOW_CLOSED')
  await expectStatus(asAdmin({ method: 'PUT', url: '/api/modules/orders/settings', payload: { returnWindowDays: 14, exportBatchSize: 500 } }), 200)
})

t.test('credit slips refund lines and shipping through the payment module, up to what was paid', async t => {
  const customer = await shop.customer()
  const order = await deliveredOrder(customer, 'CS-1')
  t.match(order.totals, { shipping: 690, total: 3600 + 690, paid: 4290 })
  const lineId = order.lines[0].id
  const slip = async (payload: Record<string, unknown>) => await asAdmin({ method: 'POST', url: `/api/orders/orders/${order.id as number}/credit-slips`, payload })
  const first = await slip({ lines: [{ lineId, quantity: 1 }] })
  t.equal(first.statusCode, 201)
  t.match(first.json(), { number: new RegExp(`^CS${new Date().getUTCFullYear()}-\\d{6}$`), productsAmount: 1200, shippingAmount: 0, total: 1200, currency: 'EUR', refundReference: /^RF-CS/, lines: [{ orderLineId: lineId, quantity: 1, amount: 1200 }] })
  t.match(await knex('test_payment.refunds').where({ payment_reference: order.paymentReference }).select('amount'), [{ amount: 1200 }], 'refunded through the payment module')
  t.equal((await slip({ lines: [{ lineId, quantity: 3 }] })).json().code, 'BR_ORDERS_REFUND_QUANTITY')
  t.equal((await asAdmin({ url: `/api/orders/orders/${order.id as number}` })).json().state.key, 'delivered', 'a partial refund keeps the state')
  const rest = await slip({ lines: [{ lineId, quantity: 2 }], shipping: true })
  t.match(rest.json(), { productsAmount: 2400, shippingAmount: 690, total: 3090 })
  const refunded = (await asAdmin({ url: `/api/orders/orders/${order.id as number}` })).json()
  t.match(refunded, { state: { key: 'refunded' }, totals: { paid: 4290, refunded: 4290 }, lines: [{ refundedQuantity: 3 }] })
  t.equal((await slip({ shipping: true })).json().code, 'BR_ORDERS_REFUND_EXCEEDS_PAID', 'nothing left to refund')
  t.match((await shop.events('orders.refunded')).filter(event => event.id === order.id), [{ amount: 1200, fully: false }, { amount: 3090, fully: true }])
  t.equal((await asAdmin({ url: `/api/orders/orders/${order.id as number}/credit-slips` })).json().items.length, 2)
})

t.test('an unpaid order has nothing to refund; a refund the provider refuses writes nothing', async t => {
  const customer = await shop.customer()
  const unpaid = await shop.manualOrder(customer)
  const refused = await asAdmin({ method: 'POST', url: `/api/orders/orders/${unpaid.id as number}/credit-slips`, payload: { lines: [{ lineId: unpaid.lines[0].id, quantity: 1 }] } })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'BR_ORDERS_REFUND_EXCEEDS_PAID')
  const order = await deliveredOrder(customer, 'CS-REFUSED')
  await knex('test_payment.switches').insert({ name: 'refuse_refunds' })
  const failed = await asAdmin({ method: 'POST', url: `/api/orders/orders/${order.id as number}/credit-slips`, payload: { shipping: true } })
  t.equal(failed.statusCode, 502)
  t.match(failed.json(), { code: 'BR_ORDERS_REFUND_FAILED', message: /refunds are switched off/ })
  t.equal((await asAdmin({ url: `/api/orders/orders/${order.id as number}` })).json().totals.refunded, 0)
  t.same((await asAdmin({ url: `/api/orders/orders/${order.id as number}/credit-slips` })).json().items, [])
  await knex('test_payment.switches').delete()
})

t.test('refunds need orders.refund and returns orders.returns.manage', async t => {
  const customer = await shop.customer()
  const order = await deliveredOrder(customer, 'CS-PERM')
  const salesman = await shop.employee('Salesman')
  const logistician = await shop.employee('Logistician')
  const refund = { method: 'POST' as const, url: `/api/orders/orders/${order.id as number}/credit-slips`, payload: { shipping: true } }
  t.equal((await salesman(refund)).statusCode, 403)
  t.equal((await logistician(refund)).statusCode, 403)
  const ret = { method: 'POST' as const, url: `/api/orders/orders/${order.id as number}/returns`, payload: { lines: [{ lineId: order.lines[0].id, quantity: 1 }], reason: 'x' } }
  t.equal((await logistician(ret)).statusCode, 403)
  t.equal((await salesman(ret)).statusCode, 201)
})

t.test('bad input on return and credit slip routes is a 4xx in the error shape', async t => {
  const customer = await shop.customer()
  const order = await deliveredOrder(customer, 'RET-BAD')
  const lineId = order.lines[0].id
  const cases: Array<[string, Parameters<typeof asAdmin>[0], number, string]> = [
    ['a return without lines', { method: 'POST', url: `/api/orders/orders/${order.id as number}/returns`, payload: { lines: [], reason: 'x' } }, 400, 'BR_VALIDATION'],
    ['a return without reason', { method: 'POST', url: `/api/orders/orders/${order.id as number}/returns`, payload: { lines: [{ lineId, quantity: 1 }] } }, 400, 'BR_VALIDATION'],
    ['a line of another order', { method: 'POST', url: `/api/orders/orders/${order.id as number}/returns`, payload: { lines: [{ lineId: 999999, quantity: 1 }], reason: 'x' } }, 400, 'BR_ORDERS_LINE_NOT_FOUND'],
    ['a line twice', { method: 'POST', url: `/api/orders/orders/${order.id as number}/returns`, payload: { lines: [{ lineId, quantity: 1 }, { lineId, quantity: 1 }], reason: 'x' } }, 400, 'BR_ORDERS_DUPLICATE_LINE'],
    ['too many units', { method: 'POST', url: `/api/orders/orders/${order.id as number}/returns`, payload: { lines: [{ lineId, quantity: 4 }], reason: 'x' } }, 409, 'BR_ORDERS_RETURN_QUANTITY'],
    ['a return of no order', { method: 'POST', url: '/api/orders/orders/999999/returns', payload: { lines: [{ lineId, quantity: 1 }], reason: 'x' } }, 404, 'BR_ORDERS_NOT_FOUND'],
    ['an unknown return state', { method: 'POST', url: '/api/orders/returns/1/state', payload: { state: 'lost' } }, 400, 'BR_VALIDATION'],
    ['a state of no return', { method: 'POST', url: '/api/orders/returns/999999/state', payload: { state: 'denied' } }, 404, 'BR_ORDERS_RETURN_NOT_FOUND'],
    ['a bad return list', { method: 'GET', url: '/api/orders/returns?limit=0' }, 400, 'BR_VALIDATION'],
    ['an empty credit slip', { method: 'POST', url: `/api/orders/orders/${order.id as number}/credit-slips`, payload: {} }, 400, 'BR_ORDERS_REFUND_EMPTY'],
    ['a credit slip of a zero quantity', { method: 'POST', url: `/api/orders/orders/${order.id as number}/credit-slips`, payload: { lines: [{ lineId, quantity: 0 }] } }, 400, 'BR_VALIDATION'],
    ['a credit slip of an amount', { method: 'POST', url: `/api/orders/orders/${order.id as number}/credit-slips`, payload: { amount: 100 } }, 400, 'BR_VALIDATION'],
    ['a credit slip of a foreign line', { method: 'POST', url: `/api/orders/orders/${order.id as number}/credit-slips`, payload: { lines: [{ lineId: 999999, quantity: 1 }] } }, 400, 'BR_ORDERS_LINE_NOT_FOUND'],
    ['the credit slips of no order', { method: 'GET', url: '/api/orders/orders/999999/credit-slips' }, 404, 'BR_ORDERS_NOT_FOUND']
  ]
  for (const [what, request, status, code] of cases) {
    const response = await asAdmin(request)
    t.equal(response.statusCode, status, what)
    t.match(response.json(), { statusCode: status, code, message: String }, what)
  }
  t.equal((await customer.shop({ method: 'POST', url: '/api/orders/shop/orders/AAAAAAAAA/returns', payload: { lines: [{ lineId, quantity: 1 }], reason: 'x' } })).json().code, 'BR_ORDERS_NOT_FOUND')
})
