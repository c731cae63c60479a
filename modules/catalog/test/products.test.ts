import t from 'tap'
import { startCatalog } from './helpers.ts'

const catalog = await startCatalog(t)
const { asAdmin } = catalog
const url = '/api/catalog/products'
const shoes = await catalog.category('Shoes')
const boots = await catalog.category('Boots', shoes)
const taxRuleId: number = (await catalog.shop.database.knex('localization.tax_rules').first('id')).id

t.test('a product is created with its texts, price in minor units of the default currency, categories and features', async t => {
  const created = await asAdmin({
    method: 'POST',
    url,
    payload: {
      sku: 'BOOT-1',
      price: 12990,
      taxRuleId,
      weightGrams: 1200,
      widthMm: 300,
      heightMm: 120,
      depthMm: 200,
      quantity: 4,
      lowStockThreshold: 2,
      defaultCategoryId: boots,
      categoryIds: [shoes],
      features: [{ key: 'Material', value: 'Leather' }, { key: 'Sole', value: 'Rubber' }],
      translations: { en: { name: 'Walking boot', shortDescription: 'Sturdy' }, fr: { name: 'Chaussure de marche', slug: 'chaussure-marche' } }
    }
  })
  t.equal(created.statusCode, 201)
  t.match(created.json(), {
    sku: 'BOOT-1',
    price: 12990,
    currency: 'EUR',
    taxRuleId,
    weightGrams: 1200,
    quantity: 4,
    lowStockThreshold: 2,
    allowBackorders: false,
    active: false,
    defaultCategoryId: boots,
    categoryIds: [shoes],
    features: [{ key: 'Material', value: 'Leather' }, { key: 'Sole', value: 'Rubber' }],
    translations: {
      en: { name: 'Walking boot', shortDescription: 'Sturdy', description: '', slug: 'walking-boot' },
      fr: { name: 'Chaussure de marche', slug: 'chaussure-marche' }
    },
    images: [],
    variants: []
  })
  t.same(await catalog.events('catalog.product.created'), [{ id: created.json().id, sku: 'BOOT-1' }])
  const ledger = (await asAdmin({ url: `${url}/${created.json().id}/stock/movements` })).json().items
  t.match(ledger, [{ delta: 4, reason: 'manual', quantityAfter: 4 }], 'the initial quantity is a ledger movement')
})

t.test('a SKU already used by a product is refused with 409 BR_CATALOG_SKU_TAKEN', async t => {
  await catalog.product('DUP-SKU', shoes)
  const refused = await asAdmin({ method: 'POST', url, payload: { sku: 'DUP-SKU', price: 1, defaultCategoryId: shoes, translations: { en: { name: 'Again' } } } })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'BR_CATALOG_SKU_TAKEN')
  const other = await catalog.product('OTHER-SKU', shoes)
  const renamed = await asAdmin({ method: 'PATCH', url: `${url}/${other.id}`, payload: { sku: 'DUP-SKU' } })
  t.equal(renamed.statusCode, 409)
  t.equal(renamed.json().code, 'BR_CATALOG_SKU_TAKEN')
})

t.test('an edit changes the given fields, merges texts by language and replaces categories and features', async t => {
  const product = await catalog.product('EDIT-1', shoes, { features: [{ key: 'Colour', value: 'Red' }], translations: { en: { name: 'Edit me' }, fr: { name: 'Modifie-moi' } } })
  const edited = await asAdmin({
    method: 'PATCH',
    url: `${url}/${product.id}`,
    payload: { price: 1500, defaultCategoryId: boots, categoryIds: [], features: [], translations: { en: { description: 'Now described' } } }
  })
  t.equal(edited.statusCode, 200)
  t.match(edited.json(), {
    price: 1500,
    defaultCategoryId: boots,
    categoryIds: [],
    features: [],
    translations: { en: { name: 'Edit me', description: 'Now described' }, fr: { name: 'Modifie-moi' } }
  })
  t.ok(new Date(edited.json().updatedAt) >= new Date(product.updatedAt))
  t.match(await catalog.events('catalog.product.updated'), [{ id: product.id, sku: 'EDIT-1' }])
})

t.test('publish and unpublish switch a product on and off in the shop', async t => {
  const product = await catalog.product('PUB-1', shoes)
  t.equal((await asAdmin({ method: 'POST', url: `${url}/${product.id}/publish` })).json().active, true)
  t.equal((await asAdmin({ method: 'POST', url: `${url}/${product.id}/unpublish` })).json().active, false)
  t.equal((await asAdmin({ method: 'POST', url: `${url}/999999/publish` })).statusCode, 404)
})

t.test('a duplicate is an unpublished copy with a new SKU suffix, its texts, categories and features, and no stock', async t => {
  const product = await catalog.product('DUPME', boots, { active: true, quantity: 3, categoryIds: [shoes], features: [{ key: 'Size', value: '42' }], translations: { en: { name: 'Original' }, fr: { name: 'Originale' } } })
  const copy = await asAdmin({ method: 'POST', url: `${url}/${product.id}/duplicate` })
  t.equal(copy.statusCode, 201)
  t.match(copy.json(), {
    sku: 'DUPME-copy',
    active: false,
    quantity: 0,
    price: product.price,
    defaultCategoryId: boots,
    categoryIds: [shoes],
    features: [{ key: 'Size', value: '42' }],
    translations: { en: { name: 'Original' }, fr: { name: 'Originale' } }
  })
  t.not(copy.json().id, product.id)
  t.equal((await asAdmin({ method: 'POST', url: `${url}/${product.id}/duplicate` })).json().sku, 'DUPME-copy-2', 'a second copy takes the next free suffix')
})

t.test('a deleted product is gone with its ledger, and an event says so', async t => {
  const product = await catalog.product('DEL-1', shoes, { quantity: 2 })
  const deleted = await asAdmin({ method: 'DELETE', url: `${url}/${product.id}` })
  t.equal(deleted.statusCode, 204)
  t.equal((await asAdmin({ url: `${url}/${product.id}` })).json().code, 'BR_CATALOG_PRODUCT_NOT_FOUND')
  t.match(await catalog.events('catalog.product.deleted'), [{ id: product.id, sku: 'DEL-1' }])
  const [{ count }] = await catalog.shop.database.knex('catalog.stock_movements').where({ product_id: product.id }).count({ count: '*' })
  t.equal(Number(count), 0)
  t.equal((await asAdmin({ method: 'DELETE', url: `${url}/${product.id}` })).statusCode, 404)
})

t.test('bad input on every product route is a 4xx in the error shape', async t => {
  const product = await catalog.product('BAD-1', shoes)
  const valid = { sku: 'NEW-1', price: 100, defaultCategoryId: shoes, translations: { en: { name: 'New' } } }
  const cases: Array<[string, Parameters<typeof asAdmin>[0], number, string]> = [
    ['a float price', { method: 'POST', url, payload: { ...valid, price: 10.5 } }, 400, 'BR_VALIDATION'],
    ['a negative price', { method: 'POST', url, payload: { ...valid, price: -1 } }, 400, 'BR_VALIDATION'],
    ['a price as text', { method: 'POST', url, payload: { ...valid, price: 'ten' } }, 400, 'BR_VALIDATION'],
    ['a missing SKU', { method: 'POST', url, payload: { ...valid, sku: undefined } }, 400, 'BR_VALIDATION'],
    ['a SKU with spaces', { method: 'POST', url, payload: { ...valid, sku: 'A B' } }, 400, 'BR_VALIDATION'],
    ['a currency (it comes from localization)', { method: 'POST', url, payload: { ...valid, currency: 'USD' } }, 400, 'BR_VALIDATION'],
    ['an unknown tax rule', { method: 'POST', url, payload: { ...valid, taxRuleId: 999999 } }, 400, 'BR_CATALOG_UNKNOWN_TAX_RULE'],
    ['an unknown default category', { method: 'POST', url, payload: { ...valid, defaultCategoryId: 999999 } }, 400, 'BR_CATALOG_UNKNOWN_CATEGORY'],
    ['an unknown extra category', { method: 'POST', url, payload: { ...valid, categoryIds: [999999] } }, 400, 'BR_CATALOG_UNKNOWN_CATEGORY'],
    ['a repeated extra category', { method: 'POST', url, payload: { ...valid, categoryIds: [shoes, shoes] } }, 400, 'BR_VALIDATION'],
    ['no name in the default language', { method: 'POST', url, payload: { ...valid, translations: { fr: { name: 'Nouveau' } } } }, 400, 'BR_CATALOG_DEFAULT_TRANSLATION_REQUIRED'],
    ['an unknown language', { method: 'POST', url, payload: { ...valid, translations: { en: { name: 'New' }, zz: { name: 'Zz' } } } }, 400, 'BR_CATALOG_UNKNOWN_LANGUAGE'],
    ['a negative weight', { method: 'POST', url, payload: { ...valid, weightGrams: -5 } }, 400, 'BR_VALIDATION'],
    ['a negative initial quantity', { method: 'POST', url, payload: { ...valid, quantity: -5 } }, 400, 'BR_VALIDATION'],
    ['a feature without key', { method: 'POST', url, payload: { ...valid, features: [{ value: 'x' }] } }, 400, 'BR_VALIDATION'],
    ['an empty edit', { method: 'PATCH', url: `${url}/${product.id}`, payload: {} }, 400, 'BR_VALIDATION'],
    ['a stock change through the edit', { method: 'PATCH', url: `${url}/${product.id}`, payload: { quantity: 5 } }, 400, 'BR_VALIDATION'],
    ['an edit of an unknown product', { method: 'PATCH', url: `${url}/999999`, payload: { price: 1 } }, 404, 'BR_CATALOG_PRODUCT_NOT_FOUND'],
    ['a non-numeric id', { method: 'GET', url: `${url}/abc` }, 400, 'BR_VALIDATION'],
    ['a duplicate of an unknown product', { method: 'POST', url: `${url}/999999/duplicate` }, 404, 'BR_CATALOG_PRODUCT_NOT_FOUND'],
    ['a publish of a non-numeric id', { method: 'POST', url: `${url}/abc/publish` }, 400, 'BR_VALIDATION'],
    ['an unpublish of an unknown product', { method: 'POST', url: `${url}/999999/unpublish` }, 404, 'BR_CATALOG_PRODUCT_NOT_FOUND'],
    ['a delete of a non-numeric id', { method: 'DELETE', url: `${url}/abc` }, 400, 'BR_VALIDATION'],
    ['a JSON body that does not parse', { method: 'POST', url, payload: '{"sku":', headers: { 'content-type': 'application/json' } }, 400, 'BR_BAD_REQUEST']
  ]
  for (const [what, request, status, code] of cases) {
    const response = await asAdmin(request)
    t.equal(response.statusCode, status, what)
    t.match(response.json(), { statusCode: status, code, error: String, message: String }, what)
  }
  t.same((await asAdmin({ url: `${url}/${product.id}` })).json().price, 1000, 'nothing was changed')
})

t.test('a Salesman reads products but cannot write or delete them', async t => {
  const salesman = await catalog.employee('Salesman')
  const product = await catalog.product('SALES-1', shoes)
  t.equal((await salesman({ url: `${url}/${product.id}` })).statusCode, 200)
  t.equal((await salesman({ method: 'PATCH', url: `${url}/${product.id}`, payload: { price: 1 } })).statusCode, 403)
  t.equal((await salesman({ method: 'DELETE', url: `${url}/${product.id}` })).statusCode, 403)
  t.equal((await salesman({ method: 'POST', url: `${url}/${product.id}/stock/movements`, payload: { delta: 1 } })).statusCode, 403)
})

t.test('every catalog route is described in the OpenAPI document, and all but image files need a permission', async t => {
  const document = (await catalog.shop.app.inject({ url: '/docs/json' })).json()
  for (const path of ['/api/catalog/products', '/api/catalog/products/{id}/stock/movements', '/api/catalog/categories/{id}/move', '/api/catalog/import', '/api/catalog/translations/products/{id}/{language}']) {
    t.ok(document.paths[path], path)
  }
  const routes = catalog.shop.app.routeCatalog.filter(route => route.module === 'catalog')
  t.ok(routes.length > 30)
  t.same([...new Set(routes.filter(route => route.public).map(route => route.url))], ['/api/catalog/images/:fileName'], 'only image files are public')
})

t.test('a process starting on a database where the catalog is installed serves it at once', async t => {
  const product = await catalog.product('RESTART-1', shoes)
  const restarted = await catalog.anotherProcess()
  const read = await restarted.asAdmin({ url: `${url}/${product.id as number}` })
  t.equal(read.statusCode, 200)
  t.equal(read.json().sku, 'RESTART-1')
  t.equal((await restarted.asAdmin({ method: 'POST', url, payload: { sku: 'RESTART-2', price: 1, defaultCategoryId: shoes, translations: { en: { name: 'After restart' } } } })).statusCode, 201)
})

t.test('a tax rule that products use is not deleted by localization', async t => {
  const refused = await asAdmin({ method: 'DELETE', url: `/api/localization/taxes/rules/${taxRuleId}` })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'BR_LOCALIZATION_IN_USE')
  t.match(refused.json().details, { references: [{ module: 'catalog', count: 1 }] })
})
