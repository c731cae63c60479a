import t from 'tap'
import { expectStatus, readyCart, startOrders } from './helpers.ts'

const shop = await startOrders(t, { fixtures: ['test_carrier', 'test_payment'] })
const { asAdmin } = shop
const list = async (query: string) => (await expectStatus(asAdmin({ url: `/api/orders/orders?${query}` }), 200)).json()
const ids = (page: { items: Array<{ id: number }> }): number[] => page.items.map(item => item.id)

const french = await shop.customer()
const german = await shop.customer({ country: 'DE', postcode: '10115' })
const cheap = await shop.product('LIST-CHEAP', { price: 100, quantity: 100, taxRuleId: null })
const dear = await shop.product('LIST-DEAR', { price: 10000, quantity: 100, taxRuleId: null })
const first = await shop.manualOrder(french, { lines: [{ productId: cheap.id, quantity: 1 }] })
const second = await shop.manualOrder(german, { lines: [{ productId: dear.id, quantity: 1 }], paymentMethod: 'Phone' })
await readyCart(french, [{ productId: cheap.id, quantity: 3 }], { optionId: 'express' })
const third = (await expectStatus(french.shop({ method: 'POST', url: '/api/orders/shop/checkout' }), 201)).json().order
const fourth = await shop.manualOrder(german, { lines: [{ productId: cheap.id, quantity: 2 }] })
await shop.moveTo(fourth.id, 'canceled')
const all = [fourth.id, third.id, second.id, first.id]

t.test('the list is newest first, with the total, a page at a time', async t => {
  const page = await list('')
  t.same(ids(page), all)
  t.equal(page.total, 4)
  t.equal(page.totalExact, true)
  t.match(page.items[1], { reference: third.reference, customerId: french.id, state: { key: 'remote_payment_accepted', name: 'Remote payment accepted' }, total: third.totals.total, currency: 'EUR', carrier: 'Test Express', paymentMethod: 'Test card', deliveryCountry: 'FR', createdAt: String })
  const one = await list('limit=3')
  t.same(ids(one), all.slice(0, 3))
  t.equal(one.total, 4)
  const two = await list(`limit=3&cursor=${one.nextCursor as string}`)
  t.same(ids(two), all.slice(3))
  t.equal(two.nextCursor, null)
  t.same(ids(await list('order=asc')), [...all].reverse())
})

t.test('every filter narrows the list, and they combine', async t => {
  t.same(ids(await list(`stateId=${await shop.stateId('canceled')}`)), [fourth.id])
  t.same(ids(await list(`customerId=${german.id}`)), [fourth.id, second.id])
  t.same(ids(await list(`reference=${(third.reference as string).slice(0, 5).toLowerCase()}`)), [third.id])
  t.same(ids(await list(`reference=${third.reference as string}`)), [third.id])
  t.same(ids(await list('totalMin=5000')), [second.id])
  t.same(ids(await list('totalMax=200')), [fourth.id, first.id])
  t.same(ids(await list('carrier=Test%20Express')), [third.id])
  t.same(ids(await list('paymentMethod=Phone')), [second.id])
  t.same(ids(await list('country=DE')), [fourth.id, second.id])
  t.same(ids(await list('country=DE&totalMax=200')), [fourth.id])
  const placed = new Date(second.createdAt as string)
  t.same(ids(await list(`dateFrom=${encodeURIComponent(placed.toISOString())}&dateTo=${encodeURIComponent(new Date(third.createdAt as string).toISOString())}`)), [second.id])
  t.same(ids(await list('dateFrom=2000-01-01T00:00:00Z&dateTo=2000-01-02T00:00:00Z')), [])
  t.equal((await list('country=DE&limit=1')).total, 2)
})

t.test('past the listCountLimit setting the total stops counting and says it is a lower bound', async t => {
  const settings = '/api/modules/orders/settings'
  const current = (await expectStatus(asAdmin({ url: settings }), 200)).json().values
  await expectStatus(asAdmin({ method: 'PUT', url: settings, payload: { ...current, listCountLimit: 3 } }), 200)
  t.teardown(async () => { await expectStatus(asAdmin({ method: 'PUT', url: settings, payload: current }), 200) })
  t.match(await list(''), { total: 3, totalExact: false }, 'four orders match')
  t.match(await list('country=DE'), { total: 2, totalExact: true }, 'two match')
  t.same(ids(await list('limit=4')), all, 'the pages are whole all the same')
})

t.test('the list sorts by total, paging by keyset on it', async t => {
  const one = await list('sort=total&order=desc&limit=2')
  t.same(ids(one), [second.id, third.id])
  t.same(ids(await list(`sort=total&order=desc&limit=2&cursor=${one.nextCursor as string}`)), [fourth.id, first.id])
  const wrong = await asAdmin({ url: `/api/orders/orders?sort=date&cursor=${one.nextCursor as string}` })
  t.equal(wrong.json().code, 'BR_ORDERS_INVALID_CURSOR', 'a cursor of another sort')
})

t.test('a Logistician and a Salesman read orders; a Translator does not', async t => {
  for (const profile of ['Logistician', 'Salesman']) t.equal((await (await shop.employee(profile))({ url: '/api/orders/orders' })).statusCode, 200, profile)
  t.equal((await (await shop.employee('Translator'))({ url: '/api/orders/orders' })).statusCode, 403)
  t.equal((await (await shop.employee('Logistician'))({ method: 'POST', url: '/api/orders/orders', payload: { customerId: french.id, deliveryAddressId: french.addressId, paymentMethod: 'Phone', lines: [{ productId: cheap.id, quantity: 1 }] } })).statusCode, 403, 'a Logistician places no order')
  t.equal((await shop.app.inject({ url: '/api/orders/orders' })).statusCode, 401)
})

t.test('bad list queries are 400s in the error shape', async t => {
  for (const [query, code] of [
    ['limit=0', 'BR_VALIDATION'], ['limit=101', 'BR_VALIDATION'], ['sort=name', 'BR_VALIDATION'], ['order=up', 'BR_VALIDATION'],
    ['stateId=abc', 'BR_VALIDATION'], ['totalMin=-1', 'BR_VALIDATION'], ['totalMin=1.5', 'BR_VALIDATION'], ['dateFrom=yesterday', 'BR_VALIDATION'],
    ['country=fra', 'BR_VALIDATION'], ['reference=A1', 'BR_VALIDATION'], ['carrier=', 'BR_VALIDATION'], ['colour=red', 'BR_VALIDATION'],
    ['cursor=nonsense', 'BR_ORDERS_INVALID_CURSOR'], [`cursor=${Buffer.from('[1,2]').toString('base64url')}`, 'BR_ORDERS_INVALID_CURSOR']
  ]) {
    const response = await asAdmin({ url: `/api/orders/orders?${query}` })
    t.equal(response.statusCode, 400, query)
    t.equal(response.json().code, code, query)
  }
  t.equal((await asAdmin({ url: '/api/orders/orders/999999' })).json().code, 'BR_ORDERS_NOT_FOUND')
})
