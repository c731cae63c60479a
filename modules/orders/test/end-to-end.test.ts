import type { InjectOptions } from 'fastify'
import t from 'tap'
import { expectStatus, startOrders } from './helpers.ts'

// One customer's whole journey through the shop and the back office, each step by whoever does
// it in a shop: the customer, the payment provider's webhook, a logistician, a salesman, the admin.
t.test('register, cart, checkout, pay, ship, deliver, return and credit slip', async t => {
  const shop = await startOrders(t, { fixtures: ['test_carrier', 'test_payment'] })
  const [logistician, salesman] = [await shop.employee('Logistician'), await shop.employee('Salesman')]
  const product = await shop.product('E2E-MUG', { price: 1500, quantity: 5 })

  const registered = (await expectStatus(shop.app.inject({
    method: 'POST',
    url: '/api/customers/shop/register',
    payload: { email: 'Journey@Shop.test', password: 'a long enough password', firstName: 'June', lastName: 'Ourney' }
  }), 201)).json()
  const session = (await expectStatus(shop.app.inject({ method: 'POST', url: '/api/customers/shop/login', payload: { email: 'journey@shop.test', password: 'a long enough password' } }), 200)).json()
  t.equal(session.customer.id, registered.customer.id, 'logs in with the email in any case')
  const customer = async (inject: InjectOptions) => await shop.app.inject({ ...inject, headers: { authorization: `Bearer ${session.token as string}` } })
  const address = (await expectStatus(customer({
    method: 'POST',
    url: '/api/customers/shop/me/addresses',
    payload: { alias: 'Home', firstName: 'June', lastName: 'Ourney', line1: '5 place Bellecour', postcode: '69002', city: 'Lyon', countryCode: 'FR' }
  }), 201)).json()

  await expectStatus(customer({ method: 'POST', url: '/api/orders/shop/cart/lines', payload: { productId: product.id, quantity: 2 } }), 200)
  await expectStatus(customer({ method: 'PUT', url: '/api/orders/shop/cart/addresses', payload: { deliveryAddressId: address.id } }), 200)
  const options = (await expectStatus(customer({ url: '/api/orders/shop/shipping-options' }), 200)).json()
  t.ok(options.items.length > 0, 'the carrier quotes the cart')
  await expectStatus(customer({ method: 'PUT', url: '/api/orders/shop/cart/shipping', payload: { module: 'test_carrier', optionId: 'standard' } }), 200)
  await expectStatus(customer({ method: 'PUT', url: '/api/orders/shop/cart/payment', payload: { module: 'test_payment', methodId: 'remote' } }), 200)
  const placed = (await expectStatus(customer({ method: 'POST', url: '/api/orders/shop/checkout' }), 201)).json()
  t.match(placed.payment, { status: 'pending', redirectUrl: /^https:\/\/pay\.test\/approve\// }, 'the customer is sent to approve the payment')
  const orderId: number = placed.order.id
  t.equal(await shop.stockOf(product.id), 3, 'the stock is taken when the order is placed')

  const webhook = await shop.app.inject({
    method: 'POST',
    url: '/api/test_payment/webhook',
    payload: { paymentReference: placed.order.paymentReference, outcome: 'completed', amount: placed.order.totals.total, currency: placed.order.currency }
  })
  t.same(webhook.json(), { state: 'remote_payment_accepted' }, 'the provider confirms the payment')

  const move = async (caller: typeof logistician, key: string) =>
    await caller({ method: 'POST', url: `/api/orders/orders/${orderId}/state`, payload: { stateId: await shop.stateId(key) } })
  await expectStatus(logistician({ method: 'PUT', url: `/api/orders/orders/${orderId}/tracking`, payload: { trackingNumber: '1Z999AA10123456784' } }), 200)
  t.equal((await move(logistician, 'shipped')).statusCode, 200, 'the logistician ships')
  t.equal((await move(logistician, 'delivered')).statusCode, 200, 'and marks it delivered')
  const invoice = await salesman({ url: `/api/orders/orders/${orderId}/invoice.pdf` })
  t.equal(invoice.statusCode, 200)
  t.equal(invoice.rawPayload.subarray(0, 4).toString(), '%PDF', 'the salesman downloads the invoice')

  const order = (await expectStatus(customer({ url: `/api/orders/shop/orders/${placed.order.reference as string}` }), 200)).json()
  t.match(order, { state: { key: 'delivered' }, trackingNumber: '1Z999AA10123456784', totals: { paid: placed.order.totals.total } })
  const requested = (await expectStatus(customer({
    method: 'POST',
    url: `/api/orders/shop/orders/${placed.order.reference as string}/returns`,
    payload: { lines: [{ lineId: order.lines[0].id, quantity: 1 }], reason: 'Chipped' }
  }), 201)).json()
  for (const state of ['waiting_package', 'package_received', 'completed']) {
    await expectStatus(salesman({ method: 'POST', url: `/api/orders/returns/${requested.id as number}/state`, payload: { state } }), 200)
  }
  t.equal(await shop.stockOf(product.id), 4, 'the returned unit is back in stock')

  t.equal((await logistician({ method: 'POST', url: `/api/orders/orders/${orderId}/credit-slips`, payload: { lines: [{ lineId: order.lines[0].id, quantity: 1 }] } })).statusCode, 403, 'a logistician cannot refund')
  const slip = (await expectStatus(shop.asAdmin({ method: 'POST', url: `/api/orders/orders/${orderId}/credit-slips`, payload: { lines: [{ lineId: order.lines[0].id, quantity: 1 }] } }), 201)).json()
  t.equal(order.lines[0].total, 3600, 'two mugs at 15.00 with 20 % VAT')
  t.match(slip, { productsAmount: 1800, shippingAmount: 0, total: 1800 }, 'one of them refunded')
  t.ok(slip.refundReference, 'through the payment provider')
  const history = (await expectStatus(shop.asAdmin({ url: `/api/orders/orders/${orderId}/history` }), 200)).json()
  t.same(history.items.map((entry: { toState: { key: string } }) => entry.toState.key), ['awaiting_remote_payment', 'remote_payment_accepted', 'shipped', 'delivered'])
  const summary = (await expectStatus(salesman({ url: `/api/customers/customers/${registered.customer.id as number}` }), 200)).json()
  t.match(summary.history, { orderCount: 1, totalSpent: [{ currency: 'EUR' }] }, "the order is in the customer's history")
})
