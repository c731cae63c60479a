import t from 'tap'
import { startCatalog } from './helpers.ts'

const catalog = await startCatalog(t)
const { asAdmin } = catalog

const home = await catalog.category('Home')
const garden = await catalog.category('Garden')
const can = await catalog.product('WT-CAN', garden, { translations: { en: { name: 'Watering can' }, fr: { name: 'Arrosoir' } } })
await catalog.product('LAMP-1', home, { translations: { en: { name: 'Lamp shade' } } })
await catalog.product('LAMPX', home, { translations: { en: { name: 'Reading light' } } })
await catalog.product('POST-1', garden, { translations: { en: { name: 'Lamp post' } } })

interface Page { items: Array<{ sku: string }>, total: number }
const search = async (query: string): Promise<{ skus: string[], total: number }> => {
  const response = await asAdmin({ url: `/api/catalog/products?sort=name&order=asc&${query}` })
  if (response.statusCode !== 200) throw new Error(response.body)
  const page: Page = response.json()
  return { skus: page.items.map(item => item.sku), total: page.total }
}

t.test('a product found by its SKU and by its name is listed and counted once', async t => {
  t.same(await search('q=lamp'), { skus: ['POST-1', 'LAMP-1', 'LAMPX'], total: 3 })
  t.same(await search(`q=lamp&categoryId=${home}`), { skus: ['LAMP-1', 'LAMPX'], total: 2 }, 'in a category listing too')
  t.same(await search('q=lamp&limit=1'), { skus: ['POST-1'], total: 3 }, 'the total counts beyond the page')
})

t.test('a renamed product is found by its new name, no longer by its old one', async t => {
  const renamed = await asAdmin({ method: 'PUT', url: `/api/catalog/translations/products/${can.id as number}/fr`, payload: { name: 'Bouilloire' } })
  t.equal(renamed.statusCode, 200)
  t.same(await search('q=bouill'), { skus: ['WT-CAN'], total: 1 })
  t.same(await search('q=arros'), { skus: [], total: 0 })
  t.same(await search('q=watering'), { skus: ['WT-CAN'], total: 1 }, 'its other names still match')
})

t.test('a deleted product leaves the search', async t => {
  const deleted = await asAdmin({ method: 'DELETE', url: `/api/catalog/products/${can.id as number}` })
  t.equal(deleted.statusCode, 204)
  t.same(await search('q=watering'), { skus: [], total: 0 })
})
