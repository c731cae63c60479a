import t from 'tap'
import { startCatalog } from './helpers.ts'

const catalog = await startCatalog(t)
const { asAdmin } = catalog
const url = '/api/catalog/products'

const clothes = await catalog.category('Clothes')
const shirts = await catalog.category('Shirts', clothes)
const polos = await catalog.category('Polos', shirts)
const garden = await catalog.category('Garden')

// [sku, English name, price, stock, low-stock threshold, active, default category, extra categories]
const rows: Array<[string, string, number, number, number, boolean, number, number[]]> = [
  ['TS-BLUE', 'Blue cotton T-shirt', 1500, 20, 5, true, shirts, []],
  ['TS-RED', 'Red cotton T-shirt', 1700, 3, 5, true, shirts, []],
  ['PO-GREEN', 'Green polo', 2500, 0, 2, false, polos, []],
  ['JK-WOOL', 'Wool jacket', 9900, 8, 2, true, clothes, []],
  ['GD-HOSE', 'Garden hose', 3000, 50, 10, true, garden, [clothes]],
  ['GD-RAKE', 'Rake', 1200, 1, 1, false, garden, []]
]
const ids = new Map<string, number>()
for (const [sku, name, price, quantity, lowStockThreshold, active, defaultCategoryId, categoryIds] of rows) {
  const product = await catalog.product(sku, defaultCategoryId, { price, quantity, lowStockThreshold, active, categoryIds, translations: { en: { name }, fr: { name: `${name} (fr)` } } })
  ids.set(sku, product.id)
}

interface Page { items: Array<{ sku: string, name: string | null }>, total: number, nextCursor: string | null }
const list = async (query: string): Promise<Page> => {
  const response = await asAdmin({ url: `${url}?${query}` })
  if (response.statusCode !== 200) throw new Error(response.body)
  return response.json()
}
const skus = async (query: string): Promise<string[]> => (await list(query)).items.map(item => item.sku)

t.test('a category filter includes its sub-categories and extra categories unless told otherwise', async t => {
  t.same((await skus(`categoryId=${clothes}&sort=price&order=asc`)), ['TS-BLUE', 'TS-RED', 'PO-GREEN', 'GD-HOSE', 'JK-WOOL'])
  t.same((await skus(`categoryId=${clothes}&includeSubcategories=false&sort=price&order=asc`)), ['GD-HOSE', 'JK-WOOL'])
  t.same((await skus(`categoryId=${shirts}&sort=price&order=asc`)), ['TS-BLUE', 'TS-RED', 'PO-GREEN'])
})

t.test('filters on active, price range, stock range and low stock combine', async t => {
  t.same(await skus('active=false&sort=price&order=asc'), ['GD-RAKE', 'PO-GREEN'])
  t.same(await skus('priceMin=1500&priceMax=2500&sort=price&order=asc'), ['TS-BLUE', 'TS-RED', 'PO-GREEN'])
  t.same(await skus('stockMin=1&stockMax=8&sort=stock&order=asc'), ['GD-RAKE', 'TS-RED', 'JK-WOOL'])
  t.same(await skus('lowStock=true&sort=stock&order=asc'), ['PO-GREEN', 'GD-RAKE', 'TS-RED'])
  t.same(await skus('lowStock=false&active=true&categoryId=' + String(clothes) + '&sort=stock&order=desc'), ['GD-HOSE', 'TS-BLUE', 'JK-WOOL'])
})

t.test('sorts by name (in the asked language), price, stock and date, both ways', async t => {
  const all = ['TS-BLUE', 'TS-RED', 'PO-GREEN', 'JK-WOOL', 'GD-HOSE', 'GD-RAKE']
  t.same(await skus('sort=name&order=asc'), ['TS-BLUE', 'GD-HOSE', 'PO-GREEN', 'GD-RAKE', 'TS-RED', 'JK-WOOL'])
  t.equal((await list('sort=name&order=asc&language=fr')).items[0].name, 'Blue cotton T-shirt (fr)', 'names are listed in the asked language')
  t.same(await skus('sort=price&order=desc'), ['JK-WOOL', 'GD-HOSE', 'PO-GREEN', 'TS-RED', 'TS-BLUE', 'GD-RAKE'])
  t.same(await skus('sort=stock&order=asc'), ['PO-GREEN', 'GD-RAKE', 'TS-RED', 'JK-WOOL', 'TS-BLUE', 'GD-HOSE'])
  t.same(await skus('sort=date&order=asc'), all)
  t.same(await skus(''), [...all].reverse(), 'newest first by default')
})

t.test('pages follow a keyset cursor to the end, each row once, with the total on every page', async t => {
  for (const sort of ['name', 'price', 'stock', 'date']) {
    for (const order of ['asc', 'desc']) {
      const whole = await skus(`sort=${sort}&order=${order}`)
      const paged: string[] = []
      let cursor: string | null = null
      do {
        const page: Page = await list(`sort=${sort}&order=${order}&limit=4${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`)
        t.equal(page.total, 6)
        t.ok(page.items.length <= 4)
        paged.push(...page.items.map(item => item.sku))
        cursor = page.nextCursor
      } while (cursor !== null)
      t.same(paged, whole, `${sort} ${order}`)
    }
  }
})

t.test('rows sharing a sort key are paged by id, none lost or repeated', async t => {
  const same = await catalog.category('Same price')
  for (const sku of ['SAME-1', 'SAME-2', 'SAME-3']) await catalog.product(sku, same, { price: 777 })
  const first = await list(`categoryId=${same}&sort=price&limit=2`)
  const second = await list(`categoryId=${same}&sort=price&limit=2&cursor=${first.nextCursor!}`)
  t.same([...first.items, ...second.items].map(item => item.sku), ['SAME-3', 'SAME-2', 'SAME-1'])
  t.equal(second.nextCursor, null)
})

t.test('a page past the last row still carries the total of the filtered set', async t => {
  const pastTheEnd = Buffer.from(JSON.stringify(['price', 'asc', 1_000_000, 1_000_000])).toString('base64url')
  const { total } = await list('sort=price&order=asc&limit=1')
  t.match(await list(`sort=price&order=asc&cursor=${pastTheEnd}`), { items: [], total, nextCursor: null })
  t.match(await list(`q=cotton&sort=price&order=asc&cursor=${pastTheEnd}`), { items: [], total: 2, nextCursor: null }, 'text matches are counted too')
  t.match(await list(`categoryId=${clothes}&sort=price&order=asc&cursor=${pastTheEnd}`), { items: [], total: 5, nextCursor: null }, 'and a category listing')
})

t.test('text search matches word prefixes of names in any language and SKU prefixes', async t => {
  t.same(await skus('q=cott&sort=price&order=asc'), ['TS-BLUE', 'TS-RED'], 'a partial word')
  t.same(await skus('q=shirt%20blu'), ['TS-BLUE'], 'every word must match, in any order')
  t.same(await skus('q=T-SH&sort=price&order=asc'), ['TS-BLUE', 'TS-RED'], 'hyphenated words match by their parts, case-insensitively')
  t.same(await skus('q=gd-&sort=price&order=asc'), ['GD-RAKE', 'GD-HOSE'], 'a SKU prefix')
  t.same(await skus('q=(fr)%20gar'), ['GD-HOSE'], 'names in other languages')
  t.same(await skus('q=100%25'), [], 'LIKE wildcards are taken literally')
  t.same(await skus(`q=cot&categoryId=${garden}`), [], 'combined with the other filters')
})

t.test('bad list queries are refused with 400 in the error shape', async t => {
  const cases: Array<[string, string]> = [
    ['sort=colour', 'BR_VALIDATION'],
    ['order=up', 'BR_VALIDATION'],
    ['limit=0', 'BR_VALIDATION'],
    ['limit=101', 'BR_VALIDATION'],
    ['priceMin=-1', 'BR_VALIDATION'],
    ['priceMin=1.5', 'BR_VALIDATION'],
    ['active=maybe', 'BR_VALIDATION'],
    ['language=english', 'BR_VALIDATION'],
    ['language=zz', 'BR_CATALOG_UNKNOWN_LANGUAGE'],
    ['categoryId=999999', 'BR_CATALOG_UNKNOWN_CATEGORY'],
    ['unknown=1', 'BR_VALIDATION'],
    ['cursor=not-a-cursor', 'BR_CATALOG_INVALID_CURSOR']
  ]
  for (const [query, code] of cases) {
    const response = await asAdmin({ url: `${url}?${query}` })
    t.equal(response.statusCode, 400, query)
    t.match(response.json(), { statusCode: 400, code, message: String }, query)
  }
  const cursor = (await list('sort=price&limit=1')).nextCursor!
  const otherSort = await asAdmin({ url: `${url}?sort=name&limit=1&cursor=${cursor}` })
  t.equal(otherSort.json().code, 'BR_CATALOG_INVALID_CURSOR', 'a cursor only continues the sort it came from')
})

t.test('every filter and sort column is indexed', async t => {
  const indexes: string[] = (await catalog.shop.database.knex.raw("select indexdef from pg_indexes where schemaname = 'catalog'")).rows.map((row: { indexdef: string }) => row.indexdef)
  for (const expected of [
    /products .*\(price, id\)/, /products .*\(quantity, id\)/, /products .*\(created_at, id\)/, /products .*\(active, id\)/,
    /products_sku_prefix .*lower\(sku\) text_pattern_ops/, /products_low_stock .*WHERE \(quantity <= low_stock_threshold\)/,
    /product_categories .*\(category_id, product_id\)/, /categories_path .*text_pattern_ops/,
    /product_translations_search .*gin \(search_vector\)/,
    /product_listing_by_name .*\(category_id, language, active, name_key, product_id\) INCLUDE \(direct\)/
  ]) t.ok(indexes.some(index => expected.test(index)), String(expected))
})
