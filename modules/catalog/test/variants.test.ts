import t from 'tap'
import { startCatalog } from './helpers.ts'

const catalog = await startCatalog(t)
const { asAdmin } = catalog
const knex = catalog.shop.database.knex
const products = '/api/catalog/products'
const category = await catalog.category('Apparel')

const group = async (name: string, values: string[]): Promise<{ id: number, values: number[] }> => {
  const created = (await asAdmin({ method: 'POST', url: '/api/catalog/attributes', payload: { translations: { en: { name } } } })).json()
  const ids: number[] = []
  for (const value of values) ids.push((await asAdmin({ method: 'POST', url: `/api/catalog/attributes/${created.id as number}/values`, payload: { translations: { en: { name: value } } } })).json().id)
  return { id: created.id, values: ids }
}
const size = await group('Size', ['S', 'M', 'L'])
const colour = await group('Colour', ['Blue', 'Red'])
const [small, medium, large] = size.values
const [blue, red] = colour.values

t.test('attribute groups list their values by position, with names per language', async t => {
  const created = await asAdmin({ method: 'POST', url: '/api/catalog/attributes', payload: { position: 5, translations: { en: { name: 'Material' }, fr: { name: 'Matière' } } } })
  t.equal(created.statusCode, 201)
  const value = await asAdmin({ method: 'POST', url: `/api/catalog/attributes/${created.json().id as number}/values`, payload: { color: '#aa0000', translations: { en: { name: 'Wool' } } } })
  t.equal(value.statusCode, 201)
  t.match(value.json(), { groupId: created.json().id, position: 0, color: '#aa0000', translations: { en: { name: 'Wool' } } })
  const groups = (await asAdmin({ url: '/api/catalog/attributes' })).json().items
  t.same(groups.map((g: { translations: { en: { name: string } } }) => g.translations.en.name), ['Size', 'Colour', 'Material'])
  t.same(groups[0].values.map((v: { translations: { en: { name: string } } }) => v.translations.en.name), ['S', 'M', 'L'])
  t.match(groups[2], { translations: { fr: { name: 'Matière' } }, values: [{ color: '#aa0000' }] })
})

t.test('a variant combines one value per group with its own SKU, price and weight impact, and stock', async t => {
  const product = await catalog.product('TEE', category, { price: 2000, weightGrams: 200 })
  const created = await asAdmin({ method: 'POST', url: `${products}/${product.id as number}/variants`, payload: { sku: 'TEE-L-RED', priceImpact: 300, weightImpactGrams: 20, valueIds: [red, large], quantity: 4 } })
  t.equal(created.statusCode, 201)
  t.match(created.json(), { productId: product.id, sku: 'TEE-L-RED', priceImpact: 300, price: 2300, weightImpactGrams: 20, quantity: 4, valueIds: [large, red].sort((a, b) => a - b) })
  const cheaper = await asAdmin({ method: 'POST', url: `${products}/${product.id as number}/variants`, payload: { sku: 'TEE-S-BLUE', priceImpact: -500, valueIds: [small, blue] } })
  t.equal(cheaper.json().price, 1500)
  const read = (await asAdmin({ url: `${products}/${product.id as number}` })).json()
  t.equal(read.variants.length, 2)
  t.equal(read.quantity, 4, "a product's quantity is the sum of its variants'")
  t.equal((await asAdmin({ url: `${products}/${product.id as number}/variants` })).json().items.length, 2)
})

t.test("the stock of a product with variants moves per variant and the product's quantity follows", async t => {
  const product = await catalog.product('TEE-STOCK', category)
  const variant = (await asAdmin({ method: 'POST', url: `${products}/${product.id as number}/variants`, payload: { sku: 'TEE-STOCK-M', valueIds: [medium], quantity: 2 } })).json()
  await asAdmin({ method: 'POST', url: `${products}/${product.id as number}/variants`, payload: { sku: 'TEE-STOCK-L', valueIds: [large], quantity: 5 } })
  const onProduct = await asAdmin({ method: 'POST', url: `${products}/${product.id as number}/stock/movements`, payload: { delta: 1 } })
  t.equal(onProduct.statusCode, 409)
  t.equal(onProduct.json().code, 'BR_CATALOG_STOCK_ON_VARIANTS')
  const moved = await asAdmin({ method: 'POST', url: `${products}/${product.id as number}/stock/movements`, payload: { variantId: variant.id, delta: -2, reason: 'order' } })
  t.match(moved.json(), { variantId: variant.id, sku: 'TEE-STOCK-M', quantity: 0, productQuantity: 5 })
  const refused = await asAdmin({ method: 'POST', url: `${products}/${product.id as number}/stock/movements`, payload: { variantId: variant.id, delta: -1 } })
  t.equal(refused.json().code, 'BR_CATALOG_INSUFFICIENT_STOCK')
  t.match(await catalog.events('catalog.stock.out'), [{ productId: product.id, variantId: variant.id, sku: 'TEE-STOCK-M', quantity: 0 }])
})

t.test('a product holding its own stock takes no variant until its stock is zero', async t => {
  const product = await catalog.product('OWN-STOCK', category, { quantity: 3 })
  const refused = await asAdmin({ method: 'POST', url: `${products}/${product.id as number}/variants`, payload: { sku: 'OWN-STOCK-S', valueIds: [small] } })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'BR_CATALOG_PRODUCT_HAS_STOCK')
  await asAdmin({ method: 'PUT', url: `${products}/${product.id as number}/stock`, payload: { quantity: 0 } })
  t.equal((await asAdmin({ method: 'POST', url: `${products}/${product.id as number}/variants`, payload: { sku: 'OWN-STOCK-S', valueIds: [small] } })).statusCode, 201)
})

t.test('combinations are checked: one value per group, each combination once per product, SKUs unique', async t => {
  const product = await catalog.product('COMBO', category, { price: 100 })
  const base = `${products}/${product.id as number}/variants`
  await asAdmin({ method: 'POST', url: base, payload: { sku: 'COMBO-S-BLUE', valueIds: [small, blue] } })
  const cases: Array<[string, Record<string, unknown>, number, string]> = [
    ['two sizes', { sku: 'COMBO-X', valueIds: [small, medium] }, 400, 'BR_CATALOG_INVALID_COMBINATION'],
    ['a value twice', { sku: 'COMBO-X', valueIds: [small, small] }, 400, 'BR_CATALOG_INVALID_COMBINATION'],
    ['the same combination', { sku: 'COMBO-X', valueIds: [blue, small] }, 409, 'BR_CATALOG_DUPLICATE_COMBINATION'],
    ['an unknown value', { sku: 'COMBO-X', valueIds: [999999] }, 400, 'BR_CATALOG_UNKNOWN_ATTRIBUTE_VALUE'],
    ['a SKU of a product', { sku: 'COMBO', valueIds: [medium] }, 409, 'BR_CATALOG_SKU_TAKEN'],
    ['a SKU of a variant', { sku: 'COMBO-S-BLUE', valueIds: [medium] }, 409, 'BR_CATALOG_SKU_TAKEN'],
    ['a price below zero', { sku: 'COMBO-X', valueIds: [medium], priceImpact: -101 }, 400, 'BR_CATALOG_NEGATIVE_PRICE'],
    ['no values', { sku: 'COMBO-X', valueIds: [] }, 400, 'BR_VALIDATION'],
    ['a fractional impact', { sku: 'COMBO-X', valueIds: [medium], priceImpact: 1.5 }, 400, 'BR_VALIDATION'],
    ['an unknown field', { sku: 'COMBO-X', valueIds: [medium], colour: 'red' }, 400, 'BR_VALIDATION']
  ]
  for (const [what, payload, status, code] of cases) {
    const response = await asAdmin({ method: 'POST', url: base, payload })
    t.equal(response.statusCode, status, what)
    t.match(response.json(), { statusCode: status, code, message: String }, what)
  }
  t.equal((await asAdmin({ url: base })).json().items.length, 1)
  const cheapening = await asAdmin({ method: 'PATCH', url: `${products}/${product.id as number}`, payload: { price: 0 } })
  t.equal(cheapening.statusCode, 200, 'no variant has a negative impact yet')
  await asAdmin({ method: 'PATCH', url: `${products}/${product.id as number}`, payload: { price: 100 } })
  await asAdmin({ method: 'POST', url: base, payload: { sku: 'COMBO-M', valueIds: [medium], priceImpact: -50 } })
  const tooCheap = await asAdmin({ method: 'PATCH', url: `${products}/${product.id as number}`, payload: { price: 49 } })
  t.equal(tooCheap.json().code, 'BR_CATALOG_NEGATIVE_PRICE', 'the product price keeps every variant price at zero or more')
})

t.test('a variant is edited: SKU, impacts and values', async t => {
  const product = await catalog.product('EDITV', category, { price: 1000 })
  const variant = (await asAdmin({ method: 'POST', url: `${products}/${product.id as number}/variants`, payload: { sku: 'EDITV-S', valueIds: [small] } })).json()
  const edited = await asAdmin({ method: 'PATCH', url: `${products}/${product.id as number}/variants/${variant.id as number}`, payload: { sku: 'EDITV-L-RED', priceImpact: 250, weightImpactGrams: -10, valueIds: [large, red] } })
  t.equal(edited.statusCode, 200)
  t.match(edited.json(), { sku: 'EDITV-L-RED', price: 1250, weightImpactGrams: -10, valueIds: [large, red].sort((a, b) => a - b) })
  const otherProduct = await catalog.product('EDITV-OTHER', category)
  const wrongProduct = await asAdmin({ method: 'PATCH', url: `${products}/${otherProduct.id as number}/variants/${variant.id as number}`, payload: { priceImpact: 1 } })
  t.equal(wrongProduct.statusCode, 404)
  t.equal(wrongProduct.json().code, 'BR_CATALOG_VARIANT_NOT_FOUND')
  t.equal((await asAdmin({ method: 'PATCH', url: `${products}/${product.id as number}/variants/${variant.id as number}`, payload: {} })).statusCode, 400)
})

t.test("a deleted variant's stock leaves through the ledger, which keeps its history", async t => {
  const product = await catalog.product('DELV', category)
  const variant = (await asAdmin({ method: 'POST', url: `${products}/${product.id as number}/variants`, payload: { sku: 'DELV-S', valueIds: [small], quantity: 6 } })).json()
  t.equal((await asAdmin({ method: 'DELETE', url: `${products}/${product.id as number}/variants/${variant.id as number}` })).statusCode, 204)
  const read = (await asAdmin({ url: `${products}/${product.id as number}` })).json()
  t.same(read.variants, [])
  t.equal(read.quantity, 0)
  const ledger = await knex('catalog.stock_movements').where({ product_id: product.id }).orderBy('id').select('variant_id', 'variant_sku', 'delta', 'reference')
  t.same(ledger, [{ variant_id: null, variant_sku: 'DELV-S', delta: 6, reference: null }, { variant_id: null, variant_sku: 'DELV-S', delta: -6, reference: 'variant deleted' }])
  t.equal((await asAdmin({ method: 'DELETE', url: `${products}/${product.id as number}/variants/${variant.id as number}` })).statusCode, 404)
})

t.test('an attribute used by a variant is not deleted (409); an unused one is', async t => {
  const product = await catalog.product('INUSE', category)
  const fabric = await group('Fabric', ['Linen', 'Silk'])
  await asAdmin({ method: 'POST', url: `${products}/${product.id as number}/variants`, payload: { sku: 'INUSE-LINEN', valueIds: [fabric.values[0]] } })
  for (const target of [`/api/catalog/attributes/${fabric.id}`, `/api/catalog/attribute-values/${fabric.values[0]}`]) {
    const refused = await asAdmin({ method: 'DELETE', url: target })
    t.equal(refused.statusCode, 409, target)
    t.equal(refused.json().code, 'BR_CATALOG_ATTRIBUTE_IN_USE')
  }
  t.equal((await asAdmin({ method: 'DELETE', url: `/api/catalog/attribute-values/${fabric.values[1]}` })).statusCode, 204)
  t.equal((await asAdmin({ method: 'DELETE', url: `/api/catalog/attribute-values/${fabric.values[1]}` })).statusCode, 404)
})

t.test('a duplicate copies the variants under new SKUs, without their stock', async t => {
  const product = await catalog.product('DUPV', category)
  await asAdmin({ method: 'POST', url: `${products}/${product.id as number}/variants`, payload: { sku: 'DUPV-S', priceImpact: 10, valueIds: [small], quantity: 2 } })
  const copy = (await asAdmin({ method: 'POST', url: `${products}/${product.id as number}/duplicate` })).json()
  t.match(copy, { sku: 'DUPV-copy', quantity: 0, variants: [{ sku: 'DUPV-S-copy', priceImpact: 10, quantity: 0, valueIds: [small] }] })
})

t.test('bad input on attribute routes is a 4xx in the error shape', async t => {
  const cases: Array<[string, Parameters<typeof asAdmin>[0], number, string]> = [
    ['a group without a default-language name', { method: 'POST', url: '/api/catalog/attributes', payload: { translations: { fr: { name: 'Taille' } } } }, 400, 'BR_CATALOG_DEFAULT_TRANSLATION_REQUIRED'],
    ['a group without translations', { method: 'POST', url: '/api/catalog/attributes', payload: {} }, 400, 'BR_VALIDATION'],
    ['a value in no group', { method: 'POST', url: '/api/catalog/attributes/999999/values', payload: { translations: { en: { name: 'X' } } } }, 404, 'BR_CATALOG_ATTRIBUTE_GROUP_NOT_FOUND'],
    ['a bad colour', { method: 'POST', url: `/api/catalog/attributes/${size.id}/values`, payload: { color: 'red', translations: { en: { name: 'X' } } } }, 400, 'BR_VALIDATION'],
    ['an empty group change', { method: 'PATCH', url: `/api/catalog/attributes/${size.id}`, payload: {} }, 400, 'BR_VALIDATION'],
    ['a change of no group', { method: 'PATCH', url: '/api/catalog/attributes/999999', payload: { position: 1 } }, 404, 'BR_CATALOG_ATTRIBUTE_GROUP_NOT_FOUND'],
    ['a change of no value', { method: 'PATCH', url: '/api/catalog/attribute-values/999999', payload: { position: 1 } }, 404, 'BR_CATALOG_ATTRIBUTE_VALUE_NOT_FOUND'],
    ['a delete of no group', { method: 'DELETE', url: '/api/catalog/attributes/999999' }, 404, 'BR_CATALOG_ATTRIBUTE_GROUP_NOT_FOUND'],
    ['variants of no product', { method: 'POST', url: `${products}/999999/variants`, payload: { sku: 'NOPE', valueIds: [small] } }, 404, 'BR_CATALOG_PRODUCT_NOT_FOUND'],
    ['the variant list of no product', { method: 'GET', url: `${products}/999999/variants` }, 404, 'BR_CATALOG_PRODUCT_NOT_FOUND'],
    ['a variant id that is not a number', { method: 'DELETE', url: `${products}/1/variants/x` }, 400, 'BR_VALIDATION']
  ]
  for (const [what, request, status, code] of cases) {
    const response = await asAdmin(request)
    t.equal(response.statusCode, status, what)
    t.match(response.json(), { statusCode: status, code, message: String }, what)
  }
  const renamed = await asAdmin({ method: 'PATCH', url: `/api/catalog/attribute-values/${small}`, payload: { color: '#00ff00', translations: { fr: { name: 'Petit' } } } })
  t.match(renamed.json(), { color: '#00ff00', translations: { en: { name: 'S' }, fr: { name: 'Petit' } } })
})
