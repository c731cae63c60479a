import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import t from 'tap'
import { readMail } from '../../../test/mail/mime.ts'
import { expectStatus, readyCart, startOrders } from './helpers.ts'

/** A real SMTP server on loopback keeping what it receives; it refuses mail while `refusing` is set. */
const received: Array<{ to: string[], raw: Buffer }> = []
let refusing = false
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData (stream, session, callback) {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => {
      if (refusing) return callback(new Error('mailbox unavailable'))
      received.push({ to: session.envelope.rcptTo.map(address => address.address), raw: Buffer.concat(chunks) })
      callback()
    })
  }
})
await new Promise<void>(resolve => { server.listen(0, '127.0.0.1', () => { resolve() }) })
t.teardown(async () => { await new Promise<void>(resolve => { server.close(() => { resolve() }) }) })
const port = (server.server.address() as AddressInfo).port

const shop = await startOrders(t, { fixtures: ['test_carrier', 'test_payment'], env: { SMTP_URL: `smtp://127.0.0.1:${port}`, BACKROOM_EVENT_POLL_INTERVAL: '100' } })
const { asAdmin } = shop

/** The mails received for an address, once `count` of them arrived. */
async function mailsTo (address: string, count: number): Promise<Array<ReturnType<typeof readMail>>> {
  for (let waited = 0; waited < 10000; waited += 50) {
    const mails = received.filter(mail => mail.to.includes(address))
    if (mails.length >= count) return mails.map(mail => readMail(mail.raw))
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error(`${count} mail(s) to ${address} did not arrive`)
}

t.test('a placed order is confirmed by mail in the customer\'s language', async t => {
  const customer = await shop.customer({ language: 'fr' })
  const product = await shop.product('MAIL-FR', { quantity: 5 })
  await readyCart(customer, [{ productId: product.id, quantity: 2 }], { methodId: 'wire' })
  const { order } = (await expectStatus(customer.shop({ method: 'POST', url: '/api/orders/shop/checkout' }), 201)).json()
  const [confirmation] = await mailsTo(customer.email, 1)
  t.equal(confirmation.headers.get('subject'), `Votre commande ${order.reference as string}`)
  t.match(confirmation.text, `2 × Produit MAIL-FR (MAIL-FR): 24.00 EUR`)
  t.match(confirmation.text, `Total : ${(order.totals.total / 100).toFixed(2)} EUR`)
  t.match(confirmation.html, `Merci pour votre commande ${order.reference as string}`)
})

t.test('a change into a state flagged "send email" mails the customer; others do not', async t => {
  const customer = await shop.customer()
  const order = await shop.manualOrder(customer, { stateId: await shop.stateId('payment_accepted') })
  await asAdmin({ method: 'PUT', url: `/api/orders/orders/${order.id as number}/tracking`, payload: { trackingNumber: 'TRK-1' } })
  await shop.moveTo(order.id, 'shipped')
  await shop.moveTo(order.id, 'delivered')
  const mails = await mailsTo(customer.email, 2)
  t.same(mails.map(mail => mail.headers.get('subject')), [`Your order ${order.reference as string}`, `Order ${order.reference as string}: Shipped`])
  t.match(mails[1].text, 'Tracking number: TRK-1')
  await new Promise(resolve => setTimeout(resolve, 500))
  t.equal(received.filter(mail => mail.to.includes(customer.email)).length, 2, '"Delivered" sends no mail')
})

t.test('a rolled-back order mails nothing', async t => {
  const customer = await shop.customer()
  const product = await shop.product('MAIL-NONE', { quantity: 5 })
  await readyCart(customer, [{ productId: product.id, quantity: 1 }], { methodId: 'declined' })
  t.equal((await customer.shop({ method: 'POST', url: '/api/orders/shop/checkout' })).statusCode, 502)
  await new Promise(resolve => setTimeout(resolve, 500))
  t.equal(received.filter(mail => mail.to.includes(customer.email)).length, 0)
})

t.test('a mail the server refuses is sent again with its event', async t => {
  const customer = await shop.customer()
  refusing = true
  const order = await shop.manualOrder(customer)
  await new Promise(resolve => setTimeout(resolve, 400))
  t.equal(received.filter(mail => mail.to.includes(customer.email)).length, 0)
  refusing = false
  const [mail] = await mailsTo(customer.email, 1)
  t.equal(mail.headers.get('subject'), `Your order ${order.reference as string}`)
})
