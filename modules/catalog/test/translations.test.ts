import t from 'tap'
import { startCatalog } from './helpers.ts'

const catalog = await startCatalog(t)
const { asAdmin } = catalog
const translator = await catalog.employee('Translator')
const category = await catalog.category('Kitchen')
const product = await catalog.product('TR-1', category, { price: 4500, translations: { en: { name: 'Teapot', description: 'Holds tea' } } })
const group = (await asAdmin({ method: 'POST', url: '/api/catalog/attributes', payload: { translations: { en: { name: 'Colour' } } } })).json()
const value = (await asAdmin({ method: 'POST', url: `/api/catalog/attributes/${group.id as number}/values`, payload: { translations: { en: { name: 'Green' } } } })).json()
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')
const boundary = '----translations-boundary'
const image = (await asAdmin({
  method: 'POST',
  url: `/api/catalog/products/${product.id as number}/images`,
  payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`), PNG, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }
})).json()

t.test('a translator adds a language to a product and corrects another, changing nothing else', async t => {
  const added = await translator({ method: 'PUT', url: `/api/catalog/translations/products/${product.id as number}/fr`, payload: { name: 'Théière', description: 'Contient du thé' } })
  t.equal(added.statusCode, 200)
  t.match(added.json().translations, { en: { name: 'Teapot', description: 'Holds tea' }, fr: { name: 'Théière', description: 'Contient du thé', slug: 'theiere' } })
  const corrected = await translator({ method: 'PUT', url: `/api/catalog/translations/products/${product.id as number}/en`, payload: { shortDescription: 'A teapot' } })
  t.match(corrected.json(), { price: 4500, sku: 'TR-1', translations: { en: { name: 'Teapot', shortDescription: 'A teapot' } } })
  t.match(await catalog.events('catalog.product.updated'), [{ id: product.id }])
})

t.test('a translator writes the texts of categories, attributes and images in any language', async t => {
  const categoryTexts = await translator({ method: 'PUT', url: `/api/catalog/translations/categories/${category}/fr`, payload: { name: 'Cuisine', description: 'Ustensiles' } })
  t.match(categoryTexts.json(), { translations: { en: { name: 'Kitchen' }, fr: { name: 'Cuisine', slug: 'cuisine' } } })
  t.match((await translator({ method: 'PUT', url: `/api/catalog/translations/attributes/${group.id as number}/fr`, payload: { name: 'Couleur' } })).json(), { translations: { fr: { name: 'Couleur' } } })
  t.match((await translator({ method: 'PUT', url: `/api/catalog/translations/attribute-values/${value.id as number}/fr`, payload: { name: 'Vert' } })).json(), { translations: { fr: { name: 'Vert' } } })
  t.match((await translator({ method: 'PUT', url: `/api/catalog/translations/images/${image.id as number}/fr`, payload: { alt: 'Une théière verte' } })).json(), { alt: { fr: 'Une théière verte' } })
})

t.test('a translator reads the catalog and changes nothing but texts', async t => {
  t.equal((await translator({ url: '/api/catalog/products' })).statusCode, 200)
  t.equal((await translator({ url: '/api/catalog/categories' })).statusCode, 200)
  const id = product.id as number
  const forbidden: Array<Parameters<typeof translator>[0]> = [
    { method: 'PATCH', url: `/api/catalog/products/${id}`, payload: { translations: { en: { name: 'Sneaky' } } } },
    { method: 'PATCH', url: `/api/catalog/products/${id}`, payload: { price: 1 } },
    { method: 'POST', url: '/api/catalog/products', payload: { sku: 'TR-NEW', price: 1, defaultCategoryId: category, translations: { en: { name: 'New' } } } },
    { method: 'POST', url: `/api/catalog/products/${id}/publish` },
    { method: 'POST', url: `/api/catalog/products/${id}/duplicate` },
    { method: 'DELETE', url: `/api/catalog/products/${id}` },
    { method: 'POST', url: `/api/catalog/products/${id}/stock/movements`, payload: { delta: 1 } },
    { method: 'PATCH', url: `/api/catalog/categories/${category}`, payload: { translations: { en: { name: 'Sneaky' } } } },
    { method: 'POST', url: `/api/catalog/categories/${category}/move`, payload: { parentId: null } },
    { method: 'PATCH', url: `/api/catalog/attributes/${group.id as number}`, payload: { translations: { en: { name: 'Sneaky' } } } },
    { method: 'PATCH', url: `/api/catalog/products/${id}/images/${image.id as number}`, payload: { position: 0 } },
    { method: 'POST', url: '/api/catalog/import', payload: 'sku\nTR-1\n', headers: { 'content-type': 'text/csv' } },
    { method: 'GET', url: '/api/catalog/export' }
  ]
  for (const request of forbidden) {
    const response = await translator(request)
    t.equal(response.statusCode, 403, `${request.method as string} ${request.url as string}`)
    t.equal(response.json().code, 'BR_FORBIDDEN')
  }
  t.match((await asAdmin({ url: `/api/catalog/products/${id}` })).json(), { price: 4500, active: false, translations: { en: { name: 'Teapot' } } })
})

t.test('only catalog.translations.write reaches the translation routes', async t => {
  const salesman = await catalog.employee('Salesman')
  const refused = await salesman({ method: 'PUT', url: `/api/catalog/translations/products/${product.id as number}/en`, payload: { name: 'Nope' } })
  t.equal(refused.statusCode, 403)
  t.equal(refused.json().message, 'Missing permission catalog.translations.write')
})

t.test('bad input on translation routes is a 4xx in the error shape', async t => {
  const id = product.id as number
  const cases: Array<[string, Parameters<typeof translator>[0], number, string]> = [
    ['an unknown language', { method: 'PUT', url: `/api/catalog/translations/products/${id}/zz`, payload: { name: 'X' } }, 400, 'BR_CATALOG_UNKNOWN_LANGUAGE'],
    ['a language that is not a code', { method: 'PUT', url: `/api/catalog/translations/products/${id}/french`, payload: { name: 'X' } }, 400, 'BR_VALIDATION'],
    ['a language localization does not have yet', { method: 'PUT', url: `/api/catalog/translations/categories/${category}/de`, payload: { description: 'Ohne Namen' } }, 400, 'BR_CATALOG_UNKNOWN_LANGUAGE'],
    ['an empty body', { method: 'PUT', url: `/api/catalog/translations/products/${id}/en`, payload: {} }, 400, 'BR_VALIDATION'],
    ['a price among the texts', { method: 'PUT', url: `/api/catalog/translations/products/${id}/en`, payload: { name: 'X', price: 1 } }, 400, 'BR_VALIDATION'],
    ['an empty name', { method: 'PUT', url: `/api/catalog/translations/products/${id}/en`, payload: { name: '' } }, 400, 'BR_VALIDATION'],
    ['an unknown product', { method: 'PUT', url: '/api/catalog/translations/products/999999/en', payload: { name: 'X' } }, 404, 'BR_CATALOG_PRODUCT_NOT_FOUND'],
    ['an unknown category', { method: 'PUT', url: '/api/catalog/translations/categories/999999/en', payload: { name: 'X' } }, 404, 'BR_CATALOG_CATEGORY_NOT_FOUND'],
    ['an unknown attribute group', { method: 'PUT', url: '/api/catalog/translations/attributes/999999/en', payload: { name: 'X' } }, 404, 'BR_CATALOG_ATTRIBUTE_GROUP_NOT_FOUND'],
    ['an unknown attribute value', { method: 'PUT', url: '/api/catalog/translations/attribute-values/999999/en', payload: { name: 'X' } }, 404, 'BR_CATALOG_ATTRIBUTE_VALUE_NOT_FOUND'],
    ['an unknown image', { method: 'PUT', url: '/api/catalog/translations/images/999999/en', payload: { alt: 'X' } }, 404, 'BR_CATALOG_IMAGE_NOT_FOUND'],
    ['an alt text without alt', { method: 'PUT', url: `/api/catalog/translations/images/${image.id as number}/en`, payload: {} }, 400, 'BR_VALIDATION']
  ]
  for (const [what, request, status, code] of cases) {
    const response = await translator(request)
    t.equal(response.statusCode, status, what)
    t.match(response.json(), { statusCode: status, code, message: String }, what)
  }
})

t.test('a first text in a language needs its name (BR_CATALOG_TRANSLATION_INCOMPLETE); later texts may correct one field', async t => {
  const refused = await translator({ method: 'PUT', url: `/api/catalog/translations/categories/${category}/fr`, payload: { description: 'x' } })
  t.equal(refused.statusCode, 200, 'French already exists for this category: a description alone is a correction')
  const id = product.id as number
  await asAdmin({ method: 'POST', url: '/api/localization/languages', payload: { code: 'de', name: 'Deutsch' } })
  const incomplete = await translator({ method: 'PUT', url: `/api/catalog/translations/products/${id}/de`, payload: { description: 'Ohne Namen' } })
  t.equal(incomplete.statusCode, 400)
  t.equal(incomplete.json().code, 'BR_CATALOG_TRANSLATION_INCOMPLETE')
  t.same(incomplete.json().details, { field: 'translations/de/name' })
  t.equal((await translator({ method: 'PUT', url: `/api/catalog/translations/products/${id}/de`, payload: { name: 'Teekanne' } })).json().translations.de.name, 'Teekanne')
})

t.test('a language holding catalog texts is not deleted by localization', async t => {
  const refused = await asAdmin({ method: 'DELETE', url: '/api/localization/languages/de' })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'BR_LOCALIZATION_IN_USE')
  t.match(refused.json().details, { references: [{ module: 'catalog', count: 1 }] })
})
