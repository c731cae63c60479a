import t from 'tap'
import { PDFDocument } from 'pdf-lib'
import { expectStatus, startOrders } from './helpers.ts'
import { pdfTexts } from './pdf-text.ts'

const shop = await startOrders(t)
const { asAdmin } = shop
const knex = shop.database.knex
const customer = await shop.customer()
const year = new Date().getUTCFullYear()

t.test('entering a state flagged invoice numbers the order\'s invoice, once', async t => {
  const order = await shop.manualOrder(customer)
  t.equal(order.invoiceNumber, null, 'awaiting payment: no invoice yet')
  const paid = await shop.moveTo(order.id, 'payment_accepted')
  t.match(paid.invoiceNumber, new RegExp(`^IN${year}-\\d{6}$`))
  t.equal((await shop.moveTo(order.id, 'processing')).invoiceNumber, paid.invoiceNumber, 'later invoice states keep it')
  const again = await asAdmin({ method: 'POST', url: `/api/orders/orders/${order.id as number}/invoice` })
  t.equal(again.statusCode, 200)
  t.equal(again.json().number, paid.invoiceNumber)
})

t.test('staff create an invoice by hand', async t => {
  const order = await shop.manualOrder(customer)
  const created = await asAdmin({ method: 'POST', url: `/api/orders/orders/${order.id as number}/invoice` })
  t.equal(created.statusCode, 201)
  t.match(created.json(), { orderId: order.id, number: new RegExp(`^IN${year}-`), createdAt: String })
})

t.test('concurrent invoices are numbered without gap or duplicate', async t => {
  const orders = await Promise.all(Array.from({ length: 20 }, async () => await shop.manualOrder(customer)))
  const before = await knex('orders.invoices').max({ last: 'sequence' }).first()
  // Each order twice at once: one invoice per order, whatever the interleaving.
  const responses = await Promise.all([...orders, ...orders].map(async order => await asAdmin({ method: 'POST', url: `/api/orders/orders/${order.id as number}/invoice` })))
  t.ok(responses.every(response => response.statusCode === 200 || response.statusCode === 201))
  t.equal(responses.filter(response => response.statusCode === 201).length, 20)
  const sequences: number[] = (await knex('orders.invoices').whereIn('order_id', orders.map(order => order.id)).pluck('sequence')).sort((a: number, b: number) => a - b)
  const from = Number(before?.last ?? 0) + 1
  t.same(sequences, Array.from({ length: 20 }, (_, index) => from + index))
  const all: number[] = (await knex('orders.invoices').where({ year }).orderBy('sequence').pluck('sequence'))
  t.same(all, Array.from({ length: all.length }, (_, index) => index + 1), 'the year has no gap')
})

t.test('the invoice PDF carries the number, the lines and the totals', async t => {
  const product = await shop.product('PDF-MUG', { price: 1250, quantity: 5, translations: { en: { name: 'Blue mug' } } })
  const order = await shop.manualOrder(customer, { lines: [{ productId: product.id, quantity: 2 }], stateId: await shop.stateId('payment_accepted') })
  const response = await asAdmin({ url: `/api/orders/orders/${order.id as number}/invoice.pdf` })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^application\/pdf/)
  t.equal(response.rawPayload.subarray(0, 4).toString(), '%PDF')
  const texts = pdfTexts(response.rawPayload)
  t.ok(texts.includes(`Invoice ${order.invoiceNumber as string}`), 'the number')
  t.ok(texts.includes(`Order ${order.reference as string} of ${(order.createdAt as string).slice(0, 10)}`))
  t.ok(texts.includes('Blue mug') && texts.includes('PDF-MUG') && texts.includes('20 %'))
  t.ok(texts.includes('30.00 EUR'), 'the total: 25.00 + 20 % VAT')
  t.equal((await PDFDocument.load(response.rawPayload, { updateMetadata: false })).getTitle(), `Invoice ${order.invoiceNumber as string}`)
})

t.test('the delivery slip lists what goes in the parcel', async t => {
  const product = await shop.product('PDF-SLIP', { quantity: 5, translations: { en: { name: 'Teapot' } } })
  const order = await shop.manualOrder(customer, { lines: [{ productId: product.id, quantity: 3 }] })
  await asAdmin({ method: 'PUT', url: `/api/orders/orders/${order.id as number}/tracking`, payload: { trackingNumber: 'TRACK42' } })
  const response = await expectStatus(asAdmin({ url: `/api/orders/orders/${order.id as number}/delivery-slip.pdf` }), 200)
  t.match(response.headers['content-type'], /^application\/pdf/)
  const texts = pdfTexts(response.rawPayload)
  t.ok(texts.includes(`Delivery slip ${order.reference as string}`))
  t.ok(texts.includes('Teapot') && texts.includes('3') && texts.includes('Tracking number: TRACK42'))
  t.notOk(texts.some(text => text.includes('EUR')), 'no prices')
})

t.test('documents need orders.invoice; a Logistician has none, a Salesman does', async t => {
  const order = await shop.manualOrder(customer, { stateId: await shop.stateId('payment_accepted') })
  t.equal((await (await shop.employee('Logistician'))({ url: `/api/orders/orders/${order.id as number}/invoice.pdf` })).statusCode, 403)
  t.equal((await (await shop.employee('Salesman'))({ url: `/api/orders/orders/${order.id as number}/invoice.pdf` })).statusCode, 200)
})

t.test('bad input on document routes is a 4xx in the error shape', async t => {
  const uninvoiced = await shop.manualOrder(customer)
  for (const [method, url, status, code] of [
    ['GET', `/api/orders/orders/${uninvoiced.id as number}/invoice.pdf`, 404, 'BR_ORDERS_INVOICE_NOT_FOUND'],
    ['GET', '/api/orders/orders/999999/invoice.pdf', 404, 'BR_ORDERS_NOT_FOUND'],
    ['GET', '/api/orders/orders/999999/delivery-slip.pdf', 404, 'BR_ORDERS_NOT_FOUND'],
    ['POST', '/api/orders/orders/999999/invoice', 404, 'BR_ORDERS_NOT_FOUND'],
    ['POST', '/api/orders/orders/0/invoice', 400, 'BR_VALIDATION']
  ] as const) {
    const response = await asAdmin({ method, url })
    t.equal(response.statusCode, status, url)
    t.match(response.json(), { statusCode: status, code }, url)
  }
})
