import t from 'tap'
import { startOrders } from './helpers.ts'

const shop = await startOrders(t)
const { asAdmin } = shop

t.test('a staff order snapshots lines, addresses and totals, taken from live catalog prices and taxes', async t => {
  const customer = await shop.customer({ groupDiscount: 1000 })
  const mug = await shop.product('MUG', { price: 1250, quantity: 5 })
  const book = await shop.product('BOOK', { price: 999, quantity: 5, taxRuleId: null })
  const order = await shop.manualOrder(customer, { lines: [{ productId: mug.id, quantity: 2 }, { productId: book.id, quantity: 1 }] })
  t.match(order, {
    reference: /^[A-Z]{9}$/,
    source: 'staff',
    customerId: customer.id,
    customerEmail: customer.email,
    currency: 'EUR',
    state: { key: 'awaiting_bank_wire_payment', name: 'Awaiting bank wire payment' },
    deliveryAddress: { line1: '1 rue de la Paix', postcode: '75002', city: 'Paris', countryCode: 'FR' },
    invoiceAddress: { countryCode: 'FR' },
    paymentMethod: 'Bank wire',
    discountBasisPoints: 1000,
    invoiceNumber: null
  })
  // 2 × 12.50 = 25.00, less 10 % = 22.50, plus 20 % French VAT = 27.00; the book: 9.99 less 10 % = 8.99, no tax.
  t.match(order.lines, [
    { position: 1, productId: mug.id, variantId: null, sku: 'MUG', name: 'Product MUG', unitPrice: 1250, quantity: 2, taxRate: '20', subtotal: 2500, discount: 250, tax: 450, total: 2700 },
    { position: 2, productId: book.id, sku: 'BOOK', unitPrice: 999, quantity: 1, taxRate: '0', subtotal: 999, discount: 100, tax: 0, total: 899 }
  ])
  t.same(order.totals, { products: 3499, discount: 350, tax: 450, shipping: 0, total: 3599, paid: 0, refunded: 0 })
  t.equal(await shop.stockOf(mug.id), 3, 'the stock was taken with the order')
  const ledger = (await asAdmin({ url: `/api/catalog/products/${mug.id as number}/stock/movements` })).json().items
  t.match(ledger[0], { delta: -2, reason: 'order', reference: `order ${order.reference as string}` })
  t.match(await shop.events('orders.placed'), [{ id: order.id, reference: order.reference, customerId: customer.id, total: 3599, currency: 'EUR' }])
})

t.test('the snapshot does not follow later changes of the catalog', async t => {
  const customer = await shop.customer()
  const product = await shop.product('SNAP', { price: 500, quantity: 5 })
  const order = await shop.manualOrder(customer, { lines: [{ productId: product.id, quantity: 1 }] })
  await asAdmin({ method: 'PATCH', url: `/api/catalog/products/${product.id as number}`, payload: { price: 9900, translations: { en: { name: 'Renamed' } } } })
  const again = (await asAdmin({ url: `/api/orders/orders/${order.id as number}` })).json()
  t.match(again.lines[0], { name: 'Product SNAP', unitPrice: 500, total: 600 })
})

t.test('names are in the customer\'s language', async t => {
  const customer = await shop.customer({ language: 'fr' })
  const product = await shop.product('LANG', { quantity: 1 })
  const order = await shop.manualOrder(customer, { lines: [{ productId: product.id, quantity: 1 }] })
  t.equal(order.language, 'fr')
  t.equal(order.lines[0].name, 'Produit LANG')
})

t.test('a variant is sold with its own SKU and price', async t => {
  const customer = await shop.customer()
  const group = (await asAdmin({ method: 'POST', url: '/api/catalog/attributes', payload: { translations: { en: { name: 'Size' } } } })).json()
  const value = (await asAdmin({ method: 'POST', url: `/api/catalog/attributes/${group.id as number}/values`, payload: { translations: { en: { name: 'L' } } } })).json()
  const product = await shop.product('SHIRT')
  const variant = (await asAdmin({ method: 'POST', url: `/api/catalog/products/${product.id as number}/variants`, payload: { sku: 'SHIRT-L', priceImpact: 200, valueIds: [value.id], quantity: 3 } })).json()
  const refused = await asAdmin({ method: 'POST', url: '/api/orders/orders', payload: { customerId: customer.id, deliveryAddressId: customer.addressId, paymentMethod: 'Phone', lines: [{ productId: product.id, quantity: 1 }] } })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'BR_ORDERS_VARIANT_REQUIRED')
  const order = await shop.manualOrder(customer, { lines: [{ productId: product.id, variantId: variant.id, quantity: 2 }] })
  t.match(order.lines[0], { variantId: variant.id, sku: 'SHIRT-L', unitPrice: 1200, quantity: 2 })
  t.equal((await asAdmin({ url: `/api/catalog/products/${product.id as number}` })).json().variants[0].quantity, 1)
})

t.test('an order that cannot be served takes nothing', async t => {
  const customer = await shop.customer()
  const plenty = await shop.product('PLENTY', { quantity: 10 })
  const scarce = await shop.product('SCARCE', { quantity: 1 })
  const refused = await asAdmin({ method: 'POST', url: '/api/orders/orders', payload: { customerId: customer.id, deliveryAddressId: customer.addressId, paymentMethod: 'Phone', lines: [{ productId: plenty.id, quantity: 3 }, { productId: scarce.id, quantity: 2 }] } })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'BR_CATALOG_INSUFFICIENT_STOCK')
  t.equal(await shop.stockOf(plenty.id), 10, 'the first line\'s units rolled back with the order')
  t.equal((await shop.database.knex('orders.orders').where({ customer_id: customer.id }).count({ count: '*' }))[0].count, 0)
})

t.test('a product allowing backorders sells below zero and the order waits on backorder', async t => {
  const customer = await shop.customer()
  const product = await shop.product('BACK', { quantity: 1, allowBackorders: true })
  const order = await shop.manualOrder(customer, { lines: [{ productId: product.id, quantity: 3 }] })
  t.equal(order.state.key, 'backorder_unpaid')
  t.equal(await shop.stockOf(product.id), -2)
})

t.test('an order starting in a paid state is paid and invoiced', async t => {
  const customer = await shop.customer()
  const order = await shop.manualOrder(customer, { stateId: await shop.stateId('payment_accepted') })
  t.equal(order.state.key, 'payment_accepted')
  t.equal(order.totals.paid, order.totals.total)
  t.match(order.invoiceNumber, /^IN\d{4}-\d{6}$/)
  t.match((await shop.events('orders.paid')).filter(event => event.id === order.id), [{ amount: order.totals.total, currency: 'EUR' }])
})

t.test('unknown, unpublished or inactive things are refused with a clear 4xx', async t => {
  const customer = await shop.customer()
  const other = await shop.customer()
  const product = await shop.product('BAD-IN', { quantity: 5 })
  const hidden = await shop.product('HIDDEN', { quantity: 5, active: false })
  const base = { customerId: customer.id, deliveryAddressId: customer.addressId, paymentMethod: 'Phone', lines: [{ productId: product.id, quantity: 1 }] }
  const cases: Array<[string, Record<string, unknown>, number, string]> = [
    ['no lines', { ...base, lines: [] }, 400, 'BR_VALIDATION'],
    ['a zero quantity', { ...base, lines: [{ productId: product.id, quantity: 0 }] }, 400, 'BR_VALIDATION'],
    ['a fractional quantity', { ...base, lines: [{ productId: product.id, quantity: 1.5 }] }, 400, 'BR_VALIDATION'],
    ['an unknown field', { ...base, discount: 100 }, 400, 'BR_VALIDATION'],
    ['no payment method', { ...base, paymentMethod: undefined }, 400, 'BR_VALIDATION'],
    ['an unknown customer', { ...base, customerId: 999999 }, 404, 'BR_CUSTOMERS_NOT_FOUND'],
    ['another customer\'s address', { ...base, deliveryAddressId: other.addressId }, 404, 'BR_CUSTOMERS_ADDRESS_NOT_FOUND'],
    ['an unknown product', { ...base, lines: [{ productId: 999999, quantity: 1 }] }, 409, 'BR_ORDERS_PRODUCT_UNAVAILABLE'],
    ['an unpublished product', { ...base, lines: [{ productId: hidden.id, quantity: 1 }] }, 409, 'BR_ORDERS_PRODUCT_UNAVAILABLE'],
    ['a variant of nothing', { ...base, lines: [{ productId: product.id, variantId: 999999, quantity: 1 }] }, 409, 'BR_ORDERS_VARIANT_UNAVAILABLE'],
    ['an unknown state', { ...base, stateId: 999999 }, 400, 'BR_ORDERS_UNKNOWN_STATE'],
    ['shipping without a shipping module', { ...base, shipping: { module: 'carriers', optionId: 'home' } }, 409, 'BR_ORDERS_NO_SHIPPING_MODULE']
  ]
  for (const [what, payload, status, code] of cases) {
    const response = await asAdmin({ method: 'POST', url: '/api/orders/orders', payload })
    t.equal(response.statusCode, status, what)
    t.match(response.json(), { statusCode: status, code, message: String }, what)
  }
  await asAdmin({ method: 'POST', url: `/api/customers/customers/${customer.id}/deactivate` })
  const inactive = await asAdmin({ method: 'POST', url: '/api/orders/orders', payload: base })
  t.equal(inactive.json().code, 'BR_ORDERS_CUSTOMER_INACTIVE')
  t.equal(await shop.stockOf(product.id), 5)
})
