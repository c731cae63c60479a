import t from 'tap'
import { startCatalog } from './helpers.ts'

const catalog = await startCatalog(t, ['stock_client'])
const { asAdmin } = catalog
const knex = catalog.shop.database.knex
const url = '/api/catalog/products'
const category = await catalog.category('Stocked')

const move = async (productId: number, payload: Record<string, unknown>) => await asAdmin({ method: 'POST', url: `${url}/${productId}/stock/movements`, payload })
const quantityOf = async (productId: number): Promise<number> => (await asAdmin({ url: `${url}/${productId}` })).json().quantity
/** The ledger's sum for a product (or one variant), which the stored quantity must always equal. */
const ledgerSum = async (productId: number, variantId?: number): Promise<number> => {
  const query = knex('catalog.stock_movements').where({ product_id: productId })
  if (variantId !== undefined) query.where({ variant_id: variantId })
  const [{ sum }] = await query.sum({ sum: 'delta' })
  return Number(sum ?? 0)
}

t.test('every stock change is a ledger movement and the quantity equals the ledger sum', async t => {
  const product = await catalog.product('STOCK-1', category, { quantity: 5 })
  const added = await move(product.id, { delta: 7, reference: 'delivery 12' })
  t.equal(added.statusCode, 201)
  t.match(added.json(), { productId: product.id, variantId: null, sku: 'STOCK-1', quantity: 12, productQuantity: 12, movementId: Number })
  t.equal((await move(product.id, { delta: -2, reason: 'order', reference: 'order 9' })).json().quantity, 10)
  t.equal((await move(product.id, { delta: 1, reason: 'return' })).json().quantity, 11)
  t.equal(await quantityOf(product.id), 11)
  t.equal(await ledgerSum(product.id), 11)
  const ledger = (await asAdmin({ url: `${url}/${product.id}/stock/movements` })).json().items
  t.match(ledger, [
    { delta: 1, reason: 'return', quantityAfter: 11, employeeId: catalog.shop.adminId },
    { delta: -2, reason: 'order', reference: 'order 9', quantityAfter: 10 },
    { delta: 7, reason: 'manual', reference: 'delivery 12', quantityAfter: 12 },
    { delta: 5, reason: 'manual', quantityAfter: 5 }
  ])
})

t.test('setting a quantity writes one movement of the difference, and none when it is already there', async t => {
  const product = await catalog.product('STOCK-SET', category, { quantity: 8 })
  const set = await asAdmin({ method: 'PUT', url: `${url}/${product.id}/stock`, payload: { quantity: 3, reference: 'inventory' } })
  t.equal(set.statusCode, 200)
  t.match(set.json(), { quantity: 3, movementId: Number })
  t.equal((await asAdmin({ method: 'PUT', url: `${url}/${product.id}/stock`, payload: { quantity: 3 } })).json().movementId, null)
  t.match((await asAdmin({ url: `${url}/${product.id}/stock/movements` })).json().items, [{ delta: -5, reason: 'manual', reference: 'inventory', quantityAfter: 3 }, { delta: 8 }])
  t.equal(await ledgerSum(product.id), 3)
})

t.test('a decrement below zero is refused (409) and writes nothing', async t => {
  const product = await catalog.product('STOCK-LOW', category, { quantity: 2 })
  const refused = await move(product.id, { delta: -3, reason: 'order' })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'BR_CATALOG_INSUFFICIENT_STOCK')
  t.match(refused.json().message, /STOCK-LOW: 2 available, 3 requested/)
  t.equal(await quantityOf(product.id), 2)
  t.equal(await ledgerSum(product.id), 2)
})

t.test('a product allowing backorders goes below zero', async t => {
  const product = await catalog.product('STOCK-BACK', category, { quantity: 1, allowBackorders: true })
  t.equal((await move(product.id, { delta: -4, reason: 'order' })).json().quantity, -3)
  t.equal(await ledgerSum(product.id), -3)
})

t.test('stock.low and stock.out are emitted when the quantity crosses the threshold and zero', async t => {
  const product = await catalog.product('STOCK-EVENTS', category, { quantity: 6, lowStockThreshold: 3 })
  const signals = async (): Promise<string[]> => [
    ...(await catalog.events('catalog.stock.low')).filter(event => event.productId === product.id).map(event => `low ${String(event.quantity)}`),
    ...(await catalog.events('catalog.stock.out')).filter(event => event.productId === product.id).map(event => `out ${String(event.quantity)}`)
  ]
  await move(product.id, { delta: -2 })
  t.same(await signals(), [], 'still above the threshold')
  await move(product.id, { delta: -1 })
  t.same(await signals(), ['low 3'], 'reaching the threshold')
  await move(product.id, { delta: -1 })
  t.same(await signals(), ['low 3'], 'not again while below it')
  await move(product.id, { delta: -2 })
  t.same(await signals(), ['low 3', 'out 0'])
  await move(product.id, { delta: 10 })
  await move(product.id, { delta: -9 })
  t.same(await signals(), ['low 3', 'low 1', 'out 0'], 'a restock re-arms the signal')
  t.match((await catalog.events('catalog.stock.out')).find(event => event.productId === product.id), { sku: 'STOCK-EVENTS', variantId: null, threshold: 3 })
})

t.test('50 concurrent decrements of the last 10 units sell exactly 10', async t => {
  // On PostgreSQL the requests run on several pooled connections at once and serialize on the
  // product's row lock; PGlite runs them one by one. Either way exactly 10 may succeed.
  const product = await catalog.product('STOCK-RACE', category, { quantity: 10 })
  const responses = await Promise.all(Array.from({ length: 50 }, async (_, index) => await move(product.id, { delta: -1, reason: 'order', reference: `race ${index}` })))
  const statuses = responses.map(response => response.statusCode)
  t.equal(statuses.filter(status => status === 201).length, 10)
  t.equal(statuses.filter(status => status === 409).length, 40)
  t.ok(responses.filter(response => response.statusCode === 409).every(response => response.json().code === 'BR_CATALOG_INSUFFICIENT_STOCK'))
  t.equal(await quantityOf(product.id), 0)
  t.equal(await ledgerSum(product.id), 0)
  t.same((await knex('catalog.stock_movements').where({ product_id: product.id, reason: 'order' }).pluck('quantity_after')).sort((a: number, b: number) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
})

t.test('another module sells through the catalog.stock extension point within its own transaction', async t => {
  const product = await catalog.product('STOCK-EXT', category, { quantity: 5 })
  const sold = await asAdmin({ method: 'POST', url: '/api/stock_client/sales', payload: { productId: product.id, quantity: 2, failAfterwards: false } })
  t.equal(sold.statusCode, 200)
  t.equal(sold.json().quantity, 3)
  const failed = await asAdmin({ method: 'POST', url: '/api/stock_client/sales', payload: { productId: product.id, quantity: 2, failAfterwards: true } })
  t.equal(failed.statusCode, 500)
  t.equal(await quantityOf(product.id), 3, 'the movement rolled back with the sale')
  const refused = await asAdmin({ method: 'POST', url: '/api/stock_client/sales', payload: { productId: product.id, quantity: 4, failAfterwards: false } })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'BR_CATALOG_INSUFFICIENT_STOCK')
  t.equal((await knex('stock_client.sales').where({ product_id: product.id }).count({ count: '*' }))[0].count, 1, 'the refused sale was not recorded')
  t.match((await asAdmin({ url: `${url}/${product.id}/stock/movements` })).json().items, [{ delta: -2, reason: 'order', reference: /^sale \d+$/, employeeId: null }, { delta: 5 }])
})

t.test('the ledger pages from the newest movement backwards', async t => {
  const product = await catalog.product('STOCK-PAGES', category)
  for (let index = 1; index <= 5; index++) await move(product.id, { delta: index })
  const first = (await asAdmin({ url: `${url}/${product.id}/stock/movements?limit=3` })).json()
  t.same(first.items.map((item: { delta: number }) => item.delta), [5, 4, 3])
  const second = (await asAdmin({ url: `${url}/${product.id}/stock/movements?limit=3&before=${first.nextBefore as number}` })).json()
  t.same(second.items.map((item: { delta: number }) => item.delta), [2, 1])
  t.equal(second.nextBefore, null)
})

t.test('a Logistician writes stock; a Translator and a Salesman cannot', async t => {
  const product = await catalog.product('STOCK-PERM', category, { quantity: 1 })
  const logistician = await catalog.employee('Logistician')
  t.equal((await logistician({ method: 'POST', url: `${url}/${product.id}/stock/movements`, payload: { delta: 4 } })).statusCode, 201)
  t.equal((await logistician({ method: 'PATCH', url: `${url}/${product.id}`, payload: { price: 1 } })).statusCode, 403, 'stock only')
  for (const profile of ['Translator', 'Salesman']) {
    const caller = await catalog.employee(profile)
    t.equal((await caller({ method: 'PUT', url: `${url}/${product.id}/stock`, payload: { quantity: 0 } })).statusCode, 403, profile)
  }
  t.equal(await quantityOf(product.id), 5)
})

t.test('bad input on every stock route is a 4xx in the error shape', async t => {
  const product = await catalog.product('STOCK-BAD', category, { quantity: 1 })
  const other = await catalog.product('STOCK-OTHER', category)
  const cases: Array<[string, Parameters<typeof asAdmin>[0], number, string]> = [
    ['a zero delta', { method: 'POST', url: `${url}/${product.id}/stock/movements`, payload: { delta: 0 } }, 400, 'BR_VALIDATION'],
    ['a fractional delta', { method: 'POST', url: `${url}/${product.id}/stock/movements`, payload: { delta: 1.5 } }, 400, 'BR_VALIDATION'],
    ['an unknown reason', { method: 'POST', url: `${url}/${product.id}/stock/movements`, payload: { delta: 1, reason: 'theft' } }, 400, 'BR_VALIDATION'],
    ['no delta', { method: 'POST', url: `${url}/${product.id}/stock/movements`, payload: { reason: 'manual' } }, 400, 'BR_VALIDATION'],
    ['an unknown product', { method: 'POST', url: `${url}/999999/stock/movements`, payload: { delta: 1 } }, 404, 'BR_CATALOG_PRODUCT_NOT_FOUND'],
    ['a variant of no product', { method: 'POST', url: `${url}/${product.id}/stock/movements`, payload: { delta: 1, variantId: 999999 } }, 404, 'BR_CATALOG_VARIANT_NOT_FOUND'],
    ['a negative quantity', { method: 'PUT', url: `${url}/${product.id}/stock`, payload: { quantity: -1 } }, 400, 'BR_VALIDATION'],
    ['an unknown product set', { method: 'PUT', url: `${url}/999999/stock`, payload: { quantity: 1 } }, 404, 'BR_CATALOG_PRODUCT_NOT_FOUND'],
    ['a bad ledger page', { method: 'GET', url: `${url}/${product.id}/stock/movements?limit=0` }, 400, 'BR_VALIDATION'],
    ['the ledger of no product', { method: 'GET', url: `${url}/999999/stock/movements` }, 404, 'BR_CATALOG_PRODUCT_NOT_FOUND']
  ]
  for (const [what, request, status, code] of cases) {
    const response = await asAdmin(request)
    t.equal(response.statusCode, status, what)
    t.match(response.json(), { statusCode: status, code, message: String }, what)
  }
  t.equal(await quantityOf(product.id), 1)
  t.equal(await quantityOf(other.id), 0)
})
