import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { startCatalog } from './helpers.ts'

const catalog = await startCatalog(t)
const { asAdmin, storageDir } = catalog
const category = await catalog.category('Pictured')
const products = '/api/catalog/products'

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 1)])

/** A multipart/form-data body with one file field. */
function upload (bytes: Buffer, fileName = 'photo.png', contentType = 'image/png'): { payload: Buffer, headers: Record<string, string> } {
  const boundary = '----catalog-test-boundary'
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`)
  ])
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}
const add = async (productId: number, bytes: Buffer, fileName?: string) => await asAdmin({ method: 'POST', url: `${products}/${productId}/images`, ...upload(bytes, fileName) })
const stored = (): string[] => readdirSync(storageDir)

t.test('an uploaded image is stored in the storage folder and served back by its URL, without a token', async t => {
  const product = await catalog.product('IMG-1', category)
  const added = await add(product.id, PNG)
  t.equal(added.statusCode, 201)
  t.match(added.json(), { productId: product.id, position: 0, contentType: 'image/png', sizeBytes: PNG.length, alt: {}, url: /^\/api\/catalog\/images\/[0-9a-f-]{36}\.png$/ })
  const fileName = path.basename(added.json().url)
  t.ok(stored().includes(fileName))
  const served = await catalog.shop.app.inject({ url: added.json().url })
  t.equal(served.statusCode, 200)
  t.equal(served.headers['content-type'], 'image/png')
  t.same(served.rawPayload, PNG)
  t.match((await asAdmin({ url: `${products}/${product.id as number}` })).json().images, [{ id: added.json().id, url: added.json().url }])
})

t.test('the type is read from the bytes: a non-image is refused (415) whatever its name, and nothing is stored', async t => {
  const product = await catalog.product('IMG-TYPE', category)
  const before = stored().length
  const refused = await add(product.id, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'fake.png')
  t.equal(refused.statusCode, 415)
  t.equal(refused.json().code, 'BR_CATALOG_IMAGE_TYPE')
  t.equal(stored().length, before)
  t.equal((await add(product.id, JPEG, 'no-extension')).json().contentType, 'image/jpeg', 'a JPEG named anything')
})

t.test('an image over the maxImageBytes setting is refused (413) and nothing is stored', async t => {
  const product = await catalog.product('IMG-BIG', category)
  const before = stored().length
  const refused = await add(product.id, Buffer.concat([PNG, Buffer.alloc(65 * 1024)]))
  t.equal(refused.statusCode, 413)
  t.equal(refused.json().code, 'BR_CATALOG_IMAGE_TOO_LARGE')
  t.equal(stored().length, before)
  t.same((await asAdmin({ url: `${products}/${product.id as number}` })).json().images, [])
})

t.test('images take a position and alternative texts per language', async t => {
  const product = await catalog.product('IMG-POS', category)
  const first = (await add(product.id, PNG)).json()
  const second = (await add(product.id, PNG)).json()
  const third = (await add(product.id, JPEG)).json()
  t.same([first.position, second.position, third.position], [0, 1, 2])
  const moved = await asAdmin({ method: 'PATCH', url: `${products}/${product.id as number}/images/${third.id as number}`, payload: { position: 0, alt: { en: 'Front view', fr: 'Vue de face' } } })
  t.equal(moved.statusCode, 200)
  t.match(moved.json(), { position: 0, alt: { en: 'Front view', fr: 'Vue de face' } })
  const images = (await asAdmin({ url: `${products}/${product.id as number}` })).json().images
  t.same(images.map((image: { id: number, position: number }) => [image.id, image.position]), [[third.id, 0], [first.id, 1], [second.id, 2]])
})

t.test('a deleted image loses its file and its place', async t => {
  const product = await catalog.product('IMG-DEL', category)
  const first = (await add(product.id, PNG)).json()
  const second = (await add(product.id, PNG)).json()
  t.equal((await asAdmin({ method: 'DELETE', url: `${products}/${product.id as number}/images/${first.id as number}` })).statusCode, 204)
  t.notOk(existsSync(path.join(storageDir, path.basename(first.url))))
  t.equal((await catalog.shop.app.inject({ url: first.url })).statusCode, 404)
  t.match((await asAdmin({ url: `${products}/${product.id as number}` })).json().images, [{ id: second.id, position: 0 }])
})

t.test('a duplicate copies the images into files of its own; deleting a product removes its files', async t => {
  const product = await catalog.product('IMG-DUP', category)
  const image = (await add(product.id, PNG)).json()
  await asAdmin({ method: 'PATCH', url: `${products}/${product.id as number}/images/${image.id as number}`, payload: { alt: { en: 'Side' } } })
  const copy = (await asAdmin({ method: 'POST', url: `${products}/${product.id as number}/duplicate` })).json()
  t.equal(copy.images.length, 1)
  t.not(copy.images[0].url, image.url)
  t.same(copy.images[0].alt, { en: 'Side' })
  await asAdmin({ method: 'DELETE', url: `${products}/${product.id as number}` })
  t.notOk(existsSync(path.join(storageDir, path.basename(image.url))))
  const served = await catalog.shop.app.inject({ url: copy.images[0].url })
  t.equal(served.statusCode, 200, "the copy's file outlives the original")
  t.same(served.rawPayload, PNG)
})

t.test('bad input on image routes is a 4xx in the error shape', async t => {
  const product = await catalog.product('IMG-BAD', category)
  const image = (await add(product.id, PNG)).json()
  const other = await catalog.product('IMG-OTHER', category)
  const cases: Array<[string, Parameters<typeof asAdmin>[0], number, string]> = [
    ['a JSON body instead of a file', { method: 'POST', url: `${products}/${product.id as number}/images`, payload: { file: 'x' } }, 400, 'BR_CATALOG_IMAGE_MISSING'],
    ['a multipart body without a file', {
      method: 'POST',
      url: `${products}/${product.id as number}/images`,
      payload: '------b\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n------b--\r\n',
      headers: { 'content-type': 'multipart/form-data; boundary=----b' }
    }, 400, 'BR_CATALOG_IMAGE_MISSING'],
    ['an upload to no product', { method: 'POST', url: `${products}/999999/images`, ...upload(PNG) }, 404, 'BR_CATALOG_PRODUCT_NOT_FOUND'],
    ['an image of another product', { method: 'PATCH', url: `${products}/${other.id as number}/images/${image.id as number}`, payload: { position: 0 } }, 404, 'BR_CATALOG_IMAGE_NOT_FOUND'],
    ['an empty alt text', { method: 'PATCH', url: `${products}/${product.id as number}/images/${image.id as number}`, payload: { alt: { en: '' } } }, 400, 'BR_VALIDATION'],
    ['an alt text in an unknown language', { method: 'PATCH', url: `${products}/${product.id as number}/images/${image.id as number}`, payload: { alt: { zz: 'x' } } }, 400, 'BR_CATALOG_UNKNOWN_LANGUAGE'],
    ['an empty change', { method: 'PATCH', url: `${products}/${product.id as number}/images/${image.id as number}`, payload: {} }, 400, 'BR_VALIDATION'],
    ['a delete of no image', { method: 'DELETE', url: `${products}/${product.id as number}/images/999999` }, 404, 'BR_CATALOG_IMAGE_NOT_FOUND'],
    ['a file name that is not an image name', { method: 'GET', url: '/api/catalog/images/..%2F..%2Fetc%2Fpasswd' }, 400, 'BR_VALIDATION'],
    ['an unknown image file', { method: 'GET', url: '/api/catalog/images/00000000-0000-0000-0000-000000000000.png' }, 404, 'BR_CATALOG_IMAGE_NOT_FOUND']
  ]
  for (const [what, request, status, code] of cases) {
    const response = await asAdmin(request)
    t.equal(response.statusCode, status, what)
    t.match(response.json(), { statusCode: status, code, message: String }, what)
  }
  const salesman = await catalog.employee('Salesman')
  t.equal((await salesman({ method: 'POST', url: `${products}/${product.id as number}/images`, ...upload(PNG) })).statusCode, 403)
})

t.test("with a relative storage folder, images are kept in the catalog's folder of the data dir", async t => {
  const settings = '/api/modules/catalog/settings'
  const current = (await asAdmin({ url: settings })).json().values
  t.equal((await asAdmin({ method: 'PUT', url: settings, payload: { ...current, storageDir: 'pictures' } })).statusCode, 200)
  t.teardown(async () => { await asAdmin({ method: 'PUT', url: settings, payload: current }) })
  const product = await catalog.product('IMG-DATA-DIR', category)
  const added = await add(product.id, PNG)
  t.equal(added.statusCode, 201)
  const folder = path.resolve(catalog.shop.platform.config.BACKROOM_DATA_DIR, 'modules', 'catalog', 'pictures')
  t.same(readdirSync(folder), [path.basename(added.json().url)])
  t.equal((await catalog.shop.app.inject({ url: added.json().url })).statusCode, 200, 'and served from there')
})
