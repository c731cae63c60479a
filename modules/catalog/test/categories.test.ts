import t from 'tap'
import { startCatalog } from './helpers.ts'

const catalog = await startCatalog(t)
const { asAdmin } = catalog
const url = '/api/catalog/categories'

interface Category { id: number, parentId: number | null, position: number, depth: number, active: boolean, translations: Record<string, { name: string, slug: string, description: string }> }
const tree = async (): Promise<Category[]> => (await asAdmin({ url })).json().items
const childrenOf = async (parentId: number | null): Promise<string[]> =>
  (await tree()).filter(category => category.parentId === parentId).map(category => category.translations.en.name)

t.test('a category is created under a parent with its texts per language and a slug made from its name', async t => {
  const clothes = await catalog.category('Clothes & Shoes')
  const created = await asAdmin({ method: 'POST', url, payload: { parentId: clothes, translations: { en: { name: 'Tee shirts', description: 'Cotton' }, fr: { name: 'T-shirts', slug: 't-shirts-coton' } } } })
  t.equal(created.statusCode, 201)
  t.match(created.json(), {
    parentId: clothes,
    position: 0,
    depth: 1,
    active: true,
    translations: { en: { name: 'Tee shirts', description: 'Cotton', slug: 'tee-shirts' }, fr: { name: 'T-shirts', description: '', slug: 't-shirts-coton' } }
  })
  t.equal((await asAdmin({ url: `${url}/${clothes}` })).json().translations.en.slug, 'clothes-shoes')
})

t.test('the tree lists parents before their children and siblings by position', async t => {
  const root = await catalog.category('Tree root')
  const second = await catalog.category('Second', root)
  const first = (await asAdmin({ method: 'POST', url, payload: { parentId: root, position: 0, translations: { en: { name: 'First' } } } })).json().id
  const grandchild = await catalog.category('Grandchild', first)
  const ids = (await tree()).map(category => category.id)
  t.same(ids.slice(ids.indexOf(root), ids.indexOf(root) + 4), [root, first, grandchild, second])
  t.same(await childrenOf(root), ['First', 'Second'])
})

t.test('a category moves with its sub-tree under another parent, at a position', async t => {
  const from = await catalog.category('Move from')
  const to = await catalog.category('Move to')
  await catalog.category('Stays first', to)
  const moving = await catalog.category('Moving', from)
  const child = await catalog.category('Moving child', moving)
  await catalog.category('Left behind', from)
  const moved = await asAdmin({ method: 'POST', url: `${url}/${moving}/move`, payload: { parentId: to, position: 0 } })
  t.equal(moved.statusCode, 200)
  t.match(moved.json(), { parentId: to, position: 0, depth: 1 })
  t.same(await childrenOf(to), ['Moving', 'Stays first'])
  t.same(await childrenOf(from), ['Left behind'])
  t.same((await tree()).find(category => category.translations.en.name === 'Left behind')?.position, 0, 'the gap is closed')
  t.match((await asAdmin({ url: `${url}/${child}` })).json(), { parentId: moving, depth: 2 })
  const toRoot = await asAdmin({ method: 'POST', url: `${url}/${moving}/move`, payload: { parentId: null } })
  t.match(toRoot.json(), { parentId: null, depth: 0 })
  t.match((await asAdmin({ url: `${url}/${child}` })).json(), { depth: 1 })
})

t.test('a category cannot move under itself or a descendant (409 BR_CATALOG_CATEGORY_CYCLE)', async t => {
  const top = await catalog.category('Cycle top')
  const below = await catalog.category('Cycle below', top)
  for (const parentId of [top, below]) {
    const refused = await asAdmin({ method: 'POST', url: `${url}/${top}/move`, payload: { parentId } })
    t.equal(refused.statusCode, 409)
    t.equal(refused.json().code, 'BR_CATALOG_CATEGORY_CYCLE')
  }
  t.equal((await asAdmin({ url: `${url}/${top}` })).json().parentId, null)
})

t.test('siblings are reordered by listing each exactly once', async t => {
  const parent = await catalog.category('Reorder parent')
  const a = await catalog.category('A', parent)
  const b = await catalog.category('B', parent)
  const c = await catalog.category('C', parent)
  const reordered = await asAdmin({ method: 'POST', url: `${url}/reorder`, payload: { parentId: parent, ids: [c, a, b] } })
  t.equal(reordered.statusCode, 200)
  t.same(reordered.json().items.map((category: Category) => [category.id, category.position]), [[c, 0], [a, 1], [b, 2]])
  for (const ids of [[c, a], [c, a, b, b], [c, a, b, parent]]) {
    const refused = await asAdmin({ method: 'POST', url: `${url}/reorder`, payload: { parentId: parent, ids } })
    t.equal(refused.statusCode, 400)
    t.equal(refused.json().code, 'BR_CATALOG_REORDER_MISMATCH')
    t.same(refused.json().details, { expected: [c, a, b] })
  }
})

t.test('a category is renamed and deactivated; texts of other languages are kept', async t => {
  const id = (await asAdmin({ method: 'POST', url, payload: { translations: { en: { name: 'Old' }, fr: { name: 'Ancien' } } } })).json().id
  const changed = await asAdmin({ method: 'PATCH', url: `${url}/${id}`, payload: { active: false, translations: { en: { name: 'New', slug: 'new' } } } })
  t.equal(changed.statusCode, 200)
  t.match(changed.json(), { active: false, translations: { en: { name: 'New', slug: 'new' }, fr: { name: 'Ancien' } } })
})

t.test('deleting a category that holds products without a target is refused (409) and changes nothing', async t => {
  const full = await catalog.category('Full')
  const product = await catalog.product('CAT-FULL-1', full)
  const refused = await asAdmin({ method: 'DELETE', url: `${url}/${full}` })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'BR_CATALOG_CATEGORY_NOT_EMPTY')
  t.equal((await asAdmin({ url: `${url}/${full}` })).statusCode, 200)
  t.equal((await asAdmin({ url: `/api/catalog/products/${product.id}` })).json().defaultCategoryId, full)
})

t.test('deleting a category moves its products (default and extra) to the target category', async t => {
  const doomed = await catalog.category('Doomed')
  const target = await catalog.category('Target')
  const other = await catalog.category('Other')
  const byDefault = await catalog.product('CAT-DEL-1', doomed)
  const byExtra = await catalog.product('CAT-DEL-2', other, { categoryIds: [doomed] })
  const alreadyInTarget = await catalog.product('CAT-DEL-3', target, { categoryIds: [doomed] })
  const deleted = await asAdmin({ method: 'DELETE', url: `${url}/${doomed}?targetCategoryId=${target}` })
  t.equal(deleted.statusCode, 200)
  t.same(deleted.json(), { movedProducts: 3 })
  t.match((await asAdmin({ url: `/api/catalog/products/${byDefault.id}` })).json(), { defaultCategoryId: target, categoryIds: [] })
  t.match((await asAdmin({ url: `/api/catalog/products/${byExtra.id}` })).json(), { defaultCategoryId: other, categoryIds: [target] })
  t.match((await asAdmin({ url: `/api/catalog/products/${alreadyInTarget.id}` })).json(), { defaultCategoryId: target, categoryIds: [] })
  t.equal((await asAdmin({ url: `${url}/${doomed}` })).statusCode, 404)
  const updated = (await catalog.events('catalog.product.updated')).map(event => event.id)
  t.ok([byDefault.id, byExtra.id, alreadyInTarget.id].every(id => updated.includes(id)), 'each moved product is announced as updated')
})

t.test('deleting a category lifts its children to its parent, in its place', async t => {
  const parent = await catalog.category('Lift parent')
  const before = await catalog.category('Before', parent)
  const middle = await catalog.category('Middle', parent)
  await catalog.category('After', parent)
  const child1 = await catalog.category('Child 1', middle)
  await catalog.category('Child 2', middle)
  const grandchild = await catalog.category('Grandchild of middle', child1)
  t.equal((await asAdmin({ method: 'DELETE', url: `${url}/${middle}` })).statusCode, 200)
  t.same(await childrenOf(parent), ['Before', 'Child 1', 'Child 2', 'After'])
  t.same((await tree()).filter(category => category.parentId === parent).map(category => category.position), [0, 1, 2, 3])
  t.match((await asAdmin({ url: `${url}/${grandchild}` })).json(), { parentId: child1, depth: 2 })
  t.equal((await asAdmin({ url: `${url}/${before}` })).json().position, 0)
})

t.test('a delete target that is the category itself or unknown is refused', async t => {
  const id = await catalog.category('Self target')
  const self = await asAdmin({ method: 'DELETE', url: `${url}/${id}?targetCategoryId=${id}` })
  t.equal(self.statusCode, 400)
  t.equal(self.json().code, 'BR_CATALOG_CATEGORY_TARGET_INVALID')
  const unknown = await asAdmin({ method: 'DELETE', url: `${url}/${id}?targetCategoryId=999999` })
  t.equal(unknown.statusCode, 400)
  t.equal(unknown.json().code, 'BR_CATALOG_UNKNOWN_CATEGORY')
})

t.test('bad input on every category route is a 4xx in the error shape', async t => {
  const id = await catalog.category('Bad input')
  const cases: Array<[string, Parameters<typeof asAdmin>[0], number, string]> = [
    ['no name in the default language', { method: 'POST', url, payload: { translations: { fr: { name: 'Seulement' } } } }, 400, 'BR_CATALOG_DEFAULT_TRANSLATION_REQUIRED'],
    ['unknown language', { method: 'POST', url, payload: { translations: { en: { name: 'X' }, xx: { name: 'Y' } } } }, 400, 'BR_CATALOG_UNKNOWN_LANGUAGE'],
    ['a language key that is not a code', { method: 'POST', url, payload: { translations: { english: { name: 'X' } } } }, 400, 'BR_VALIDATION'],
    ['an empty name', { method: 'POST', url, payload: { translations: { en: { name: '' } } } }, 400, 'BR_VALIDATION'],
    ['a bad slug', { method: 'POST', url, payload: { translations: { en: { name: 'X', slug: 'Not A Slug' } } } }, 400, 'BR_VALIDATION'],
    ['an unknown field', { method: 'POST', url, payload: { colour: 'red', translations: { en: { name: 'X' } } } }, 400, 'BR_VALIDATION'],
    ['an unknown parent', { method: 'POST', url, payload: { parentId: 999999, translations: { en: { name: 'X' } } } }, 400, 'BR_CATALOG_UNKNOWN_CATEGORY'],
    ['a first text in a language without a name', { method: 'PATCH', url: `${url}/${id}`, payload: { translations: { fr: { description: 'Sans nom' } } } }, 400, 'BR_CATALOG_TRANSLATION_INCOMPLETE'],
    ['an empty change', { method: 'PATCH', url: `${url}/${id}`, payload: {} }, 400, 'BR_VALIDATION'],
    ['a non-numeric id', { method: 'GET', url: `${url}/abc` }, 400, 'BR_VALIDATION'],
    ['an unknown category', { method: 'GET', url: `${url}/999999` }, 404, 'BR_CATALOG_CATEGORY_NOT_FOUND'],
    ['a move without parentId', { method: 'POST', url: `${url}/${id}/move`, payload: {} }, 400, 'BR_VALIDATION'],
    ['a move of an unknown category', { method: 'POST', url: `${url}/999999/move`, payload: { parentId: null } }, 404, 'BR_CATALOG_CATEGORY_NOT_FOUND'],
    ['a reorder of an unknown parent', { method: 'POST', url: `${url}/reorder`, payload: { parentId: 999999, ids: [id] } }, 404, 'BR_CATALOG_CATEGORY_NOT_FOUND'],
    ['a negative position', { method: 'POST', url: `${url}/${id}/move`, payload: { parentId: null, position: -1 } }, 400, 'BR_VALIDATION'],
    ['a bad delete target', { method: 'DELETE', url: `${url}/${id}?targetCategoryId=x` }, 400, 'BR_VALIDATION'],
    ['a delete of an unknown category', { method: 'DELETE', url: `${url}/999999` }, 404, 'BR_CATALOG_CATEGORY_NOT_FOUND']
  ]
  for (const [what, request, status, code] of cases) {
    const response = await asAdmin(request)
    t.equal(response.statusCode, status, what)
    t.match(response.json(), { statusCode: status, code, error: String, message: String }, what)
  }
})

t.test('reading categories needs categories.read and writing needs categories.write', async t => {
  const salesman = await catalog.employee('Salesman')
  t.equal((await salesman({ url })).statusCode, 200)
  const refused = await salesman({ method: 'POST', url, payload: { translations: { en: { name: 'Nope' } } } })
  t.equal(refused.statusCode, 403)
  t.equal(refused.json().code, 'BR_FORBIDDEN')
  t.equal((await catalog.shop.app.inject({ url })).statusCode, 401)
})
