import t from 'tap'
import { startCatalog } from './helpers.ts'

// Category lists read product_listing, which triggers keep current: every change a list can see
// is made here through the API (or, for multi-row writes, straight into the tables), then listed.

const catalog = await startCatalog(t)
const { asAdmin } = catalog
const knex = catalog.shop.database.knex

const home = await catalog.category('Home')
const kitchen = await catalog.category('Kitchen', home)
const knives = await catalog.category('Knives', kitchen)
const bath = await catalog.category('Bath', home)
const garden = await catalog.category('Garden')

interface Page { items: Array<{ id: number, sku: string, name: string | null }>, total: number, nextCursor: string | null }
const list = async (query: string): Promise<Page> => {
  const response = await asAdmin({ url: `/api/catalog/products?${query}` })
  if (response.statusCode !== 200) throw new Error(response.body)
  return response.json()
}
const skus = async (query: string): Promise<string[]> => (await list(query)).items.map(item => item.sku)
const expectOk = async (response: Promise<{ statusCode: number, body: string }>): Promise<void> => {
  const answered = await response
  if (answered.statusCode !== 200) throw new Error(answered.body)
}
const rename = async (id: number, name: string): Promise<void> => {
  await expectOk(asAdmin({ method: 'PATCH', url: `/api/catalog/products/${id}`, payload: { translations: { en: { name } } } }))
}

const knife = await catalog.product('KN-CHEF', kitchen, { price: 4000, quantity: 10, lowStockThreshold: 2, active: true, categoryIds: [knives, bath], translations: { en: { name: 'Chef knife' }, fr: { name: 'Couteau de chef' } } })
const towel = await catalog.product('BA-TOWEL', bath, { price: 1500, quantity: 2, lowStockThreshold: 5, active: true, translations: { en: { name: 'Bath towel' } } })
const pan = await catalog.product('KI-PAN', kitchen, { price: 2500, quantity: 30, active: false, translations: { en: { name: 'Frying pan' } } })
const hose = await catalog.product('GD-HOSE', garden, { price: 3000, quantity: 5, active: true, translations: { en: { name: 'Garden hose' } } })

t.test('a product reached through several categories of one sub-tree is listed and counted once', async t => {
  const page = await list(`categoryId=${home}&sort=name&order=asc`)
  t.same(page.items.map(item => item.sku), ['BA-TOWEL', 'KN-CHEF', 'KI-PAN'])
  t.equal(page.total, 3)
  t.same(await skus(`categoryId=${kitchen}&sort=name&order=asc`), ['KN-CHEF', 'KI-PAN'])
  t.same(await skus(`categoryId=${knives}&sort=name`), ['KN-CHEF'])
  t.same(await skus(`categoryId=${home}&includeSubcategories=false`), [], 'none of them is directly in the root')
  t.same(await skus(`categoryId=${kitchen}&includeSubcategories=false&sort=price&order=asc`), ['KI-PAN', 'KN-CHEF'])
})

t.test('category lists take every filter and sort, in the asked language, with keyset pages', async t => {
  t.same(await skus(`categoryId=${home}&active=true&sort=name&order=desc`), ['KN-CHEF', 'BA-TOWEL'])
  t.same(await skus(`categoryId=${home}&priceMin=2000&sort=price&order=desc`), ['KN-CHEF', 'KI-PAN'])
  t.same(await skus(`categoryId=${home}&stockMax=10&sort=stock&order=asc`), ['BA-TOWEL', 'KN-CHEF'])
  t.same(await skus(`categoryId=${home}&lowStock=false&sort=date&order=asc`), ['KN-CHEF', 'KI-PAN'])
  t.same(await skus(`categoryId=${home}&q=fry`), ['KI-PAN'])
  const french = await list(`categoryId=${home}&language=fr&sort=name&order=desc`)
  t.same(french.items.map(item => [item.sku, item.name]), [['KN-CHEF', 'Couteau de chef'], ['KI-PAN', null], ['BA-TOWEL', null]],
    'products without a name in the language sort as an empty name, by id')
  for (const sort of ['name', 'price', 'stock', 'date']) {
    for (const order of ['asc', 'desc']) {
      const whole = await skus(`categoryId=${home}&sort=${sort}&order=${order}`)
      const paged: string[] = []
      let cursor: string | null = null
      do {
        const page: Page = await list(`categoryId=${home}&sort=${sort}&order=${order}&limit=2${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`)
        t.equal(page.total, 3)
        paged.push(...page.items.map(item => item.sku))
        cursor = page.nextCursor
      } while (cursor !== null)
      t.same(paged, whole, `${sort} ${order}`)
    }
  }
})

t.test('a renamed product moves in the name order of its categories', async t => {
  await rename(towel.id, 'Towel, bath')
  t.same(await skus(`categoryId=${home}&sort=name&order=asc`), ['KN-CHEF', 'KI-PAN', 'BA-TOWEL'])
  await expectOk(asAdmin({ method: 'PUT', url: `/api/catalog/translations/products/${pan.id}/fr`, payload: { name: 'Poêle' } }))
  t.same(await skus(`categoryId=${home}&language=fr&sort=name&order=asc`), ['BA-TOWEL', 'KN-CHEF', 'KI-PAN'], 'a translation written alone')
  await rename(towel.id, 'Bath towel')
})

t.test('publishing, price and stock changes are seen by the filters of category lists', async t => {
  await expectOk(asAdmin({ method: 'POST', url: `/api/catalog/products/${pan.id}/publish` }))
  t.equal((await list(`categoryId=${kitchen}&active=true`)).total, 2)
  await expectOk(asAdmin({ method: 'POST', url: `/api/catalog/products/${pan.id}/unpublish` }))
  t.same(await skus(`categoryId=${kitchen}&active=true`), ['KN-CHEF'])
  await expectOk(asAdmin({ method: 'PATCH', url: `/api/catalog/products/${towel.id}`, payload: { price: 9000 } }))
  t.same(await skus(`categoryId=${home}&sort=price&order=desc&limit=1`), ['BA-TOWEL'])
  await expectOk(asAdmin({ method: 'PUT', url: `/api/catalog/products/${knife.id}/stock`, payload: { quantity: 1 } }))
  t.same(await skus(`categoryId=${home}&lowStock=true&sort=stock&order=asc`), ['KN-CHEF', 'BA-TOWEL'])
  t.same(await skus(`categoryId=${home}&stockMin=2&stockMax=2`), ['BA-TOWEL'])
})

t.test("changing a product's categories moves it between the lists", async t => {
  await expectOk(asAdmin({ method: 'PATCH', url: `/api/catalog/products/${hose.id}`, payload: { defaultCategoryId: bath, categoryIds: [garden] } }))
  t.same(await skus(`categoryId=${home}&sort=name&order=asc`), ['BA-TOWEL', 'KN-CHEF', 'KI-PAN', 'GD-HOSE'])
  t.same(await skus(`categoryId=${garden}`), ['GD-HOSE'])
  await expectOk(asAdmin({ method: 'PATCH', url: `/api/catalog/products/${hose.id}`, payload: { defaultCategoryId: garden, categoryIds: [] } }))
  t.same(await skus(`categoryId=${home}&sort=name&order=asc`), ['BA-TOWEL', 'KN-CHEF', 'KI-PAN'])
  t.equal((await list(`categoryId=${bath}`)).total, 2)
})

t.test('a moved category takes its sub-tree and their products along', async t => {
  await expectOk(asAdmin({ method: 'POST', url: `/api/catalog/categories/${kitchen}/move`, payload: { parentId: garden } }))
  t.same(await skus(`categoryId=${garden}&sort=name&order=asc`), ['KN-CHEF', 'KI-PAN', 'GD-HOSE'])
  t.same(await skus(`categoryId=${home}&sort=name&order=asc`), ['BA-TOWEL', 'KN-CHEF'], 'the knife stays in Home through Bath')
  t.same(await skus(`categoryId=${knives}`), ['KN-CHEF'])
  await expectOk(asAdmin({ method: 'POST', url: `/api/catalog/categories/${knives}/move`, payload: { parentId: null } }))
  t.same(await skus(`categoryId=${garden}&sort=name&order=asc`), ['KN-CHEF', 'KI-PAN', 'GD-HOSE'], 'still in Kitchen')
  await expectOk(asAdmin({ method: 'POST', url: `/api/catalog/products/${knife.id}/unpublish` }))
  t.same(await skus(`categoryId=${knives}&active=false`), ['KN-CHEF'], 'a moved category is kept current too')
  await expectOk(asAdmin({ method: 'POST', url: `/api/catalog/categories/${knives}/move`, payload: { parentId: kitchen } }))
  await expectOk(asAdmin({ method: 'POST', url: `/api/catalog/categories/${kitchen}/move`, payload: { parentId: home } }))
  t.same(await skus(`categoryId=${home}&sort=name&order=asc`), ['BA-TOWEL', 'KN-CHEF', 'KI-PAN'])
  t.same(await skus(`categoryId=${garden}`), ['GD-HOSE'])
})

t.test("deleting a category lifts its children's products to its parent; deleting a product unlists it", async t => {
  const drawer = await catalog.category('Drawer', kitchen)
  const spoon = await catalog.product('KI-SPOON', drawer, { translations: { en: { name: 'Spoon' } } })
  const deleted = await asAdmin({ method: 'DELETE', url: `/api/catalog/categories/${kitchen}?targetCategoryId=${bath}` })
  t.equal(deleted.statusCode, 200, deleted.body)
  t.same(await skus(`categoryId=${home}&sort=name&order=asc`), ['BA-TOWEL', 'KN-CHEF', 'KI-PAN', 'KI-SPOON'])
  t.same(await skus(`categoryId=${bath}&includeSubcategories=false&sort=name&order=asc`), ['BA-TOWEL', 'KN-CHEF', 'KI-PAN'])
  t.same(await skus(`categoryId=${drawer}`), ['KI-SPOON'])
  t.equal((await asAdmin({ method: 'DELETE', url: `/api/catalog/products/${spoon.id}` })).statusCode, 204)
  t.same(await skus(`categoryId=${drawer}`), [])
  t.equal((await list(`categoryId=${home}`)).total, 3)
})

/** The listing's rows in a language, straight from the table: what a list would find without filling it first. */
const listedRows = async (language: string): Promise<number> => {
  const [{ count }] = await knex('catalog.product_listing').where({ language }).count({ count: '*' })
  return Number(count)
}

t.test('a language added through localization is listed as it is added, then kept current', async t => {
  const added = await asAdmin({ method: 'POST', url: '/api/localization/languages', payload: { code: 'de', name: 'Deutsch' } })
  t.equal(added.statusCode, 201, added.body)
  t.equal(await listedRows('de'), await listedRows('en'), 'every listed product has its rows in it before any list')
  await expectOk(asAdmin({ method: 'PUT', url: `/api/catalog/translations/products/${towel.id}/de`, payload: { name: 'Handtuch' } }))
  const german = await list(`categoryId=${home}&language=de&sort=name&order=desc`)
  t.same(german.items.map(item => [item.sku, item.name]), [['BA-TOWEL', 'Handtuch'], ['KI-PAN', null], ['KN-CHEF', null]])
  await expectOk(asAdmin({ method: 'PUT', url: `/api/catalog/translations/products/${knife.id}/de`, payload: { name: 'Kochmesser' } }))
  t.same(await skus(`categoryId=${home}&language=de&sort=name&order=desc`), ['KN-CHEF', 'BA-TOWEL', 'KI-PAN'])
})

t.test('a language added while the catalog is disabled is listed when it is enabled again', async t => {
  t.equal((await asAdmin({ method: 'POST', url: '/api/modules/catalog/disable' })).statusCode, 200)
  const added = await asAdmin({ method: 'POST', url: '/api/localization/languages', payload: { code: 'it', name: 'Italiano' } })
  t.equal(added.statusCode, 201, added.body)
  t.equal(await listedRows('it'), 0)
  t.equal((await asAdmin({ method: 'POST', url: '/api/modules/catalog/enable' })).statusCode, 200)
  t.equal(await listedRows('it'), await listedRows('en'))
  t.same(await skus(`categoryId=${home}&language=it&sort=name&order=asc`), ['KN-CHEF', 'BA-TOWEL', 'KI-PAN'], 'unnamed in it, by id')
})

t.test('a language written straight into localization\'s table is listed by the first category list in it', async t => {
  await knex('localization.languages').insert({ code: 'es', name: 'Español', active: true })
  t.equal(await listedRows('es'), 0)
  t.same(await skus(`categoryId=${home}&language=es&sort=name&order=asc`), ['KN-CHEF', 'BA-TOWEL', 'KI-PAN'], 'unnamed in it, by id')
  t.equal(await listedRows('es'), await listedRows('en'))
})

t.test('multi-row writes straight into the tables are listed, as a bulk import writes them', async t => {
  const [{ code: currency }] = await knex.withSchema('localization').from('currencies').where({ is_default: true }).select('code')
  const products: Array<{ id: number }> = await knex('catalog.products').insert(['BULK-1', 'BULK-2', 'BULK-3'].map((sku, index) => ({
    sku, price: 100 * (index + 1), currency, quantity: index, active: index !== 1, default_category_id: garden
  }))).returning('id')
  const ids = products.map(product => product.id)
  await knex('catalog.product_translations').insert(ids.map((id, index) => ({ product_id: id, language: 'en', name: `Bulk ${3 - index}`, slug: `bulk-${id}` })))
  await knex('catalog.product_categories').insert(ids.flatMap(id => [{ product_id: id, category_id: garden }, { product_id: id, category_id: bath }]))
  t.same(await skus(`categoryId=${garden}&sort=name&order=asc`), ['BULK-3', 'BULK-2', 'BULK-1', 'GD-HOSE'])
  t.same(await skus(`categoryId=${home}&active=true&priceMax=300&sort=price&order=asc`), ['BULK-1', 'BULK-3'])
  await knex('catalog.products').whereIn('id', ids).update({ active: knex.raw('not active'), quantity: knex.raw('quantity + 10') })
  t.same(await skus(`categoryId=${garden}&active=true&stockMin=10`), ['BULK-2'])
  await knex('catalog.product_categories').whereIn('product_id', ids).where({ category_id: bath }).delete()
  t.equal((await list(`categoryId=${home}`)).total, 3)
  await knex('catalog.products').whereIn('id', ids).delete()
  t.same(await skus(`categoryId=${garden}`), ['GD-HOSE'])
})
