import t from 'tap'
import { expectStatus, readyCart, startOrders } from './helpers.ts'

const shop = await startOrders(t, { fixtures: ['test_carrier', 'test_payment'] })
const { asAdmin } = shop
const knex = shop.database.knex
const checkout = { method: 'POST' as const, url: '/api/orders/shop/checkout' }

t.test('a customer fills a cart, chooses addresses, shipping and payment, and places the order', async t => {
  const customer = await shop.customer()
  const mug = await shop.product('CO-MUG', { price: 1250, quantity: 10, weightGrams: 400 })
  const tea = await shop.product('CO-TEA', { price: 800, quantity: 10, weightGrams: 300 })
  const cart = async (inject: Parameters<typeof customer.shop>[0]) => (await expectStatus(customer.shop(inject), 200)).json()
  await cart({ method: 'POST', url: '/api/orders/shop/cart/lines', payload: { productId: mug.id, quantity: 1 } })
  const added = await cart({ method: 'POST', url: '/api/orders/shop/cart/lines', payload: { productId: mug.id, quantity: 2 } })
  t.match(added.lines, [{ productId: mug.id, quantity: 3, unitPrice: 1250, taxRate: '0', tax: 0 }], 'the same product adds up; no tax before an address')
  const withTea = await cart({ method: 'POST', url: '/api/orders/shop/cart/lines', payload: { productId: tea.id, quantity: 4 } })
  const teaLine = withTea.lines[1].id
  await cart({ method: 'PATCH', url: `/api/orders/shop/cart/lines/${teaLine as number}`, payload: { quantity: 1 } })
  const addressed = await cart({ method: 'PUT', url: '/api/orders/shop/cart/addresses', payload: { deliveryAddressId: customer.addressId } })
  t.match(addressed, { deliveryAddressId: customer.addressId, invoiceAddressId: customer.addressId, lines: [{ taxRate: '20', tax: 750 }, { quantity: 1, tax: 160 }], totals: { products: 4550, tax: 910, total: 5460 } })
  const options = (await cart({ url: '/api/orders/shop/shipping-options' })).items
  t.same(options.map((option: { id: string }) => option.id), ['standard', 'express'], 'options in another currency are not offered')
  t.match(options[0], { module: 'test_carrier', carrier: 'Test Post', price: 690, currency: 'EUR', delay: '2 business days' }, 'rated on the weight: 1.5 kg')
  await cart({ method: 'PUT', url: '/api/orders/shop/cart/shipping', payload: { module: 'test_carrier', optionId: 'express' } })
  t.same((await cart({ url: '/api/orders/shop/payment-methods' })).items.map((method: { id: string }) => method.id), ['instant', 'remote', 'wire', 'declined'])
  await cart({ method: 'PUT', url: '/api/orders/shop/cart/payment', payload: { module: 'test_payment', methodId: 'instant' } })
  const placed = await customer.shop(checkout)
  t.equal(placed.statusCode, 201)
  const { order, payment } = placed.json()
  t.same(payment, { status: 'paid', redirectUrl: null })
  t.match(order, {
    source: 'shop',
    customerId: customer.id,
    state: { key: 'remote_payment_accepted' },
    carrier: 'Test Express',
    shipping: { module: 'test_carrier', optionId: 'express', name: 'Express, next day' },
    paymentModule: 'test_payment',
    paymentMethod: 'Test card',
    paymentReference: `PAY-${order.reference as string}`,
    totals: { products: 4550, tax: 910, shipping: 1500, total: 6960, paid: 6960 },
    invoiceNumber: /^IN/
  })
  t.equal(await shop.stockOf(mug.id), 7)
  t.equal(await shop.stockOf(tea.id), 9)
  t.same((await cart({ url: '/api/orders/shop/cart' })).lines, [], 'the cart is emptied')
  t.match((await asAdmin({ url: `/api/orders/orders/${order.id as number}/history` })).json().items, [
    { fromState: null, toState: { key: 'awaiting_remote_payment' }, actor: { type: 'customer', id: customer.id } },
    { toState: { key: 'remote_payment_accepted' }, actor: { type: 'system', id: null } }
  ])
  t.match((await cart({ url: `/api/orders/shop/orders/${order.reference as string}` })), { id: order.id })
  t.match((await cart({ url: '/api/orders/shop/orders' })).items, [{ id: order.id, reference: order.reference, total: 6960 }])
  const stranger = await shop.customer()
  t.equal((await stranger.shop({ url: `/api/orders/shop/orders/${order.reference as string}` })).statusCode, 404, 'another customer\'s order is not found')
})

t.test('a pending payment waits for its provider to confirm it, once', async t => {
  const customer = await shop.customer()
  const product = await shop.product('CO-REMOTE', { quantity: 5 })
  await readyCart(customer, [{ productId: product.id, quantity: 1 }], { methodId: 'remote' })
  const { order, payment } = (await expectStatus(customer.shop(checkout), 201)).json()
  t.same(payment, { status: 'pending', redirectUrl: `https://pay.test/approve/PAY-${order.reference as string}` })
  t.match(order, { state: { key: 'awaiting_remote_payment' }, totals: { paid: 0 } })
  const webhook = { method: 'POST' as const, url: '/api/test_payment/webhook' }
  const wrongAmount = await shop.app.inject({ ...webhook, payload: { paymentReference: order.paymentReference, outcome: 'completed', amount: 1, currency: 'EUR' } })
  t.equal(wrongAmount.json().code, 'BR_ORDERS_PAYMENT_MISMATCH')
  const confirmed = await shop.app.inject({ ...webhook, payload: { paymentReference: order.paymentReference, outcome: 'completed', amount: order.totals.total, currency: 'EUR' } })
  t.same(confirmed.json(), { state: 'remote_payment_accepted' })
  const again = await shop.app.inject({ ...webhook, payload: { paymentReference: order.paymentReference, outcome: 'completed', amount: order.totals.total, currency: 'EUR' } })
  t.same(again.json(), { state: 'remote_payment_accepted' }, 'a repeated confirmation changes nothing')
  t.equal((await shop.events('orders.paid')).filter(event => event.id === order.id).length, 1)
})

t.test('a failed payment moves the order to payment error; a bank wire awaits its payment', async t => {
  const customer = await shop.customer()
  const product = await shop.product('CO-WIRE', { quantity: 5 })
  await readyCart(customer, [{ productId: product.id, quantity: 1 }], { methodId: 'wire' })
  const { order } = (await expectStatus(customer.shop(checkout), 201)).json()
  t.equal(order.state.key, 'awaiting_bank_wire_payment')
  const failed = await shop.app.inject({ method: 'POST', url: '/api/test_payment/webhook', payload: { paymentReference: order.paymentReference, outcome: 'denied', amount: 0, currency: 'EUR' } })
  t.same(failed.json(), { state: 'payment_error' })
})

t.test('a payment that cannot start places nothing and takes no stock', async t => {
  const customer = await shop.customer()
  const product = await shop.product('CO-DECLINED', { quantity: 5 })
  await readyCart(customer, [{ productId: product.id, quantity: 2 }], { methodId: 'declined' })
  const refused = await customer.shop(checkout)
  t.equal(refused.statusCode, 502)
  t.match(refused.json(), { code: 'BR_ORDERS_PAYMENT_FAILED', message: /test_payment failed: the card was declined/ })
  t.equal(await shop.stockOf(product.id), 5)
  t.equal((await knex('orders.orders').where({ customer_id: customer.id }).count({ count: '*' }))[0].count, 0)
  t.equal((await customer.shop({ url: '/api/orders/shop/cart' })).json().lines.length, 1, 'the cart is kept')
})

t.test('checkout says what is missing, with a 409 for each', async t => {
  const customer = await shop.customer()
  const product = await shop.product('CO-MISSING', { quantity: 5 })
  const codeOf = async (): Promise<string> => (await customer.shop(checkout)).json().code
  t.equal(await codeOf(), 'BR_ORDERS_CART_EMPTY')
  await expectStatus(customer.shop({ method: 'POST', url: '/api/orders/shop/cart/lines', payload: { productId: product.id, quantity: 1 } }), 200)
  t.equal(await codeOf(), 'BR_ORDERS_ADDRESS_REQUIRED')
  t.equal((await customer.shop({ url: '/api/orders/shop/shipping-options' })).json().code, 'BR_ORDERS_ADDRESS_REQUIRED')
  await expectStatus(customer.shop({ method: 'PUT', url: '/api/orders/shop/cart/addresses', payload: { deliveryAddressId: customer.addressId } }), 200)
  t.equal(await codeOf(), 'BR_ORDERS_SHIPPING_REQUIRED')
  await expectStatus(customer.shop({ method: 'PUT', url: '/api/orders/shop/cart/shipping', payload: { module: 'test_carrier', optionId: 'standard' } }), 200)
  t.equal(await codeOf(), 'BR_ORDERS_PAYMENT_REQUIRED')
})

t.test('without an enabled shipping or payment module, checkout answers a clear 409', async t => {
  const customer = await shop.customer()
  const product = await shop.product('CO-NOMODULE', { quantity: 5 })
  await readyCart(customer, [{ productId: product.id, quantity: 1 }])
  for (const [module, code] of [['test_carrier', 'BR_ORDERS_NO_SHIPPING_MODULE'], ['test_payment', 'BR_ORDERS_NO_PAYMENT_MODULE']]) {
    await expectStatus(asAdmin({ method: 'POST', url: `/api/modules/${module}/disable` }), 200)
    const refused = await customer.shop(checkout)
    t.equal(refused.statusCode, 409, module)
    t.equal(refused.json().code, code)
    const listing = module === 'test_carrier' ? '/api/orders/shop/shipping-options' : '/api/orders/shop/payment-methods'
    t.equal((await customer.shop({ url: listing })).json().code, code)
    await expectStatus(asAdmin({ method: 'POST', url: `/api/modules/${module}/enable` }), 200)
  }
  t.equal(await shop.stockOf(product.id), 5)
  t.equal((await expectStatus(customer.shop(checkout), 201)).json().order.state.key, 'remote_payment_accepted')
})

t.test('shop routes need a customer token', async t => {
  for (const [method, url] of [['GET', '/api/orders/shop/cart'], ['POST', '/api/orders/shop/checkout'], ['GET', '/api/orders/shop/orders']] as const) {
    const response = await shop.app.inject({ method, url })
    t.equal(response.statusCode, 401, url)
    t.equal(response.json().code, 'BR_CUSTOMERS_UNAUTHENTICATED')
  }
  t.equal((await asAdmin({ url: '/api/orders/shop/cart' })).json().code, 'BR_CUSTOMERS_UNAUTHENTICATED', 'a staff token is not a customer token')
})

t.test('bad input on every shop route is a 4xx in the error shape', async t => {
  const customer = await shop.customer()
  const other = await shop.customer()
  const product = await shop.product('CO-BAD', { quantity: 5 })
  const cases: Array<[string, Parameters<typeof customer.shop>[0], number, string]> = [
    ['a line without a product', { method: 'POST', url: '/api/orders/shop/cart/lines', payload: { quantity: 1 } }, 400, 'BR_VALIDATION'],
    ['a negative quantity', { method: 'POST', url: '/api/orders/shop/cart/lines', payload: { productId: product.id, quantity: -1 } }, 400, 'BR_VALIDATION'],
    ['a huge quantity', { method: 'POST', url: '/api/orders/shop/cart/lines', payload: { productId: product.id, quantity: 1e9 } }, 400, 'BR_VALIDATION'],
    ['an unknown product', { method: 'POST', url: '/api/orders/shop/cart/lines', payload: { productId: 999999, quantity: 1 } }, 409, 'BR_ORDERS_PRODUCT_UNAVAILABLE'],
    ['a quantity of no line', { method: 'PATCH', url: '/api/orders/shop/cart/lines/999999', payload: { quantity: 1 } }, 404, 'BR_ORDERS_CART_LINE_NOT_FOUND'],
    ['a zero quantity', { method: 'PATCH', url: '/api/orders/shop/cart/lines/1', payload: { quantity: 0 } }, 400, 'BR_VALIDATION'],
    ['a bad line id', { method: 'DELETE', url: '/api/orders/shop/cart/lines/abc' }, 400, 'BR_VALIDATION'],
    ['removing no line', { method: 'DELETE', url: '/api/orders/shop/cart/lines/999999' }, 404, 'BR_ORDERS_CART_LINE_NOT_FOUND'],
    ['another customer\'s address', { method: 'PUT', url: '/api/orders/shop/cart/addresses', payload: { deliveryAddressId: other.addressId } }, 404, 'BR_CUSTOMERS_ADDRESS_NOT_FOUND'],
    ['no delivery address', { method: 'PUT', url: '/api/orders/shop/cart/addresses', payload: {} }, 400, 'BR_VALIDATION'],
    ['an empty cart\'s shipping', { method: 'PUT', url: '/api/orders/shop/cart/shipping', payload: { module: 'test_carrier', optionId: 'standard' } }, 409, 'BR_ORDERS_CART_EMPTY'],
    ['a shipping choice without option', { method: 'PUT', url: '/api/orders/shop/cart/shipping', payload: { module: 'test_carrier' } }, 400, 'BR_VALIDATION'],
    ['a payment choice without method', { method: 'PUT', url: '/api/orders/shop/cart/payment', payload: { module: 'test_payment' } }, 400, 'BR_VALIDATION'],
    ['a bad order reference', { method: 'GET', url: '/api/orders/shop/orders/abc' }, 400, 'BR_VALIDATION'],
    ['no such order', { method: 'GET', url: '/api/orders/shop/orders/AAAAAAAAA' }, 404, 'BR_ORDERS_NOT_FOUND'],
    ['a bad page size', { method: 'GET', url: '/api/orders/shop/orders?limit=1000' }, 400, 'BR_VALIDATION'],
    ['a bad cursor', { method: 'GET', url: '/api/orders/shop/orders?cursor=nonsense' }, 400, 'BR_ORDERS_INVALID_CURSOR']
  ]
  for (const [what, request, status, code] of cases) {
    const response = await customer.shop(request)
    t.equal(response.statusCode, status, what)
    t.match(response.json(), { statusCode: status, code, message: String }, what)
  }
  await expectStatus(customer.shop({ method: 'POST', url: '/api/orders/shop/cart/lines', payload: { productId: product.id, quantity: 1 } }), 200)
  await expectStatus(customer.shop({ method: 'PUT', url: '/api/orders/shop/cart/addresses', payload: { deliveryAddressId: customer.addressId } }), 200)
  const choices: Array<[string, string, Record<string, string>, string]> = [
    ['an option not offered', 'shipping', { module: 'test_carrier', optionId: 'dollars' }, 'BR_ORDERS_UNKNOWN_SHIPPING_OPTION'],
    ['an unknown shipping module', 'shipping', { module: 'nobody', optionId: 'standard' }, 'BR_ORDERS_UNKNOWN_SHIPPING_OPTION'],
    ['a method not offered', 'payment', { module: 'test_payment', methodId: 'cheque' }, 'BR_ORDERS_UNKNOWN_PAYMENT_METHOD'],
    ['an unknown payment module', 'payment', { module: 'nobody', methodId: 'instant' }, 'BR_ORDERS_UNKNOWN_PAYMENT_METHOD']
  ]
  for (const [what, choice, payload, code] of choices) {
    const response = await customer.shop({ method: 'PUT', url: `/api/orders/shop/cart/${choice}`, payload })
    t.equal(response.statusCode, 409, what)
    t.equal(response.json().code, code, what)
  }
})
