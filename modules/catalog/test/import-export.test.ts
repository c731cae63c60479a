import { parse } from 'csv-parse/sync'
import t from 'tap'
import { startCatalog } from './helpers.ts'

const catalog = await startCatalog(t)
const { asAdmin } = catalog
const knex = catalog.shop.database.knex
const kitchen = await catalog.category('Kitchen')
const garden = await catalog.category('Garden')
const group = (await asAdmin({ method: 'POST', url: '/api/catalog/attributes', payload: { translations: { en: { name: 'Size' } } } })).json()
const valueOf = async (name: string): Promise<number> =>
  (await asAdmin({ method: 'POST', url: `/api/catalog/attributes/${group.id as number}/values`, payload: { translations: { en: { name } } } })).json().id
const small = await valueOf('S')
const large = await valueOf('L')

const importCsv = async (csv: string, query = '') => await asAdmin({ method: 'POST', url: `/api/catalog/import${query}`, payload: csv, headers: { 'content-type': 'text/csv' } })
const productBySku = async (sku: string): Promise<any> => {
  const row = await knex('catalog.products').where({ sku }).first('id')
  return row === undefined ? undefined : (await asAdmin({ url: `/api/catalog/products/${row.id as number}` })).json()
}
const productCount = async (): Promise<number> => Number((await knex('catalog.products').count({ count: '*' }))[0].count)

const header = 'sku,product_sku,price,quantity,default_category_id,category_ids,features,active,price_impact,attribute_value_ids,name:en,name:fr,description:en'

t.test('an import creates products with their variants, texts, categories, features and stock', async t => {
  const csv = [
    header,
    `POT-1,,2500,7,${kitchen},${garden},Material=Clay|Volume=1 l,true,,,Clay pot,Pot en terre,"A pot, with a comma"`,
    `MUG-1,,900,,${kitchen},,,false,,,Mug,,`,
    `MUG-1-S,MUG-1,,3,,,,,0,${small},,,`,
    `MUG-1-L,MUG-1,,5,,,,,150,${large},,,`
  ].join('\n')
  const imported = await importCsv(csv)
  t.equal(imported.statusCode, 200)
  t.same(imported.json(), { dryRun: false, rows: 4, created: 2, updated: 0, failed: 0, errors: [] })
  t.match(await productBySku('POT-1'), {
    price: 2500,
    quantity: 7,
    active: true,
    defaultCategoryId: kitchen,
    categoryIds: [garden],
    features: [{ key: 'Material', value: 'Clay' }, { key: 'Volume', value: '1 l' }],
    translations: { en: { name: 'Clay pot', description: 'A pot, with a comma' }, fr: { name: 'Pot en terre' } }
  })
  const mug = await productBySku('MUG-1')
  t.match(mug, { quantity: 8, variants: [{ sku: 'MUG-1-S', quantity: 3, valueIds: [small] }, { sku: 'MUG-1-L', priceImpact: 150, price: 1050, quantity: 5 }] })
  t.same(await knex('catalog.stock_movements').where({ product_id: mug.id }).orderBy('id').pluck('reason'), ['import', 'import'])
})

t.test('a second import upserts by SKU: empty cells keep values, quantities are set through the ledger', async t => {
  const csv = [header, 'POT-1,,2700,4,,,,,,,,,', 'MUG-1-L,MUG-1,,9,,,,,,,,,', `VASE-1,,1200,,${garden},,,,,,Vase,,`].join('\n')
  t.same((await importCsv(csv)).json(), { dryRun: false, rows: 3, created: 1, updated: 2, failed: 0, errors: [] })
  const pot = await productBySku('POT-1')
  t.match(pot, { price: 2700, quantity: 4, active: true, categoryIds: [garden], translations: { en: { name: 'Clay pot' } } })
  t.match((await asAdmin({ url: `/api/catalog/products/${pot.id as number}/stock/movements` })).json().items, [{ delta: -3, reason: 'import', quantityAfter: 4 }, { delta: 7 }])
  t.match(await productBySku('MUG-1'), { quantity: 12, variants: [{ sku: 'MUG-1-S', quantity: 3 }, { sku: 'MUG-1-L', quantity: 9 }] })
})

t.test('a dry run checks every row against the database, reports the same, and writes nothing', async t => {
  const before = await productCount()
  const events = (await catalog.events('catalog.product.created')).length
  const csv = [header, `DRY-1,,100,,${kitchen},,,,,,Dry,,`, 'POT-1,,9999,,,,,,,,,,', `DRY-2,,100,,999999,,,,,,Dry 2,,`].join('\n')
  const report = await importCsv(csv, '?dryRun=true')
  t.equal(report.statusCode, 200)
  t.same(report.json(), { dryRun: true, rows: 3, created: 1, updated: 1, failed: 1, errors: [{ row: 4, column: 'default_category_id', reason: 'Unknown category 999999' }] })
  t.equal(await productCount(), before)
  t.equal((await productBySku('POT-1')).price, 2700)
  t.equal((await catalog.events('catalog.product.created')).length, events, 'no event either')
})

t.test('each bad row is reported with its row number, column and reason; the valid rows are imported', async t => {
  const csv = [
    header,
    `OK-1,,100,,${kitchen},,,,,,Fine,,`,
    `BAD-PRICE,,ten,,${kitchen},,,,,,Bad price,,`,
    `BAD-CAT,,100,,999999,,,,,,Bad category,,`,
    `BAD-NAME,,100,,${kitchen},,,,,,,Sans nom anglais,`,
    `BAD-NEW,,,,${kitchen},,,,,,No price,,`,
    'ORPHAN-S,NO-SUCH-PRODUCT,,,,,,,,1,,,',
    'BAD CELLS,,1',
    `BAD-BOOL,,100,,${kitchen},,,maybe,,,Bool,,`,
    `BAD-FEATURE,,100,,${kitchen},,Material,,,,Feature,,`,
    `OK-2,,100,,${kitchen},,,,,,Also fine,,`
  ].join('\n')
  const report = (await importCsv(csv)).json()
  t.match(report, { rows: 10, created: 2, updated: 0, failed: 8 })
  t.same(report.errors, [
    { row: 3, column: 'price', reason: 'must be a whole number' },
    { row: 4, column: 'default_category_id', reason: 'Unknown category 999999' },
    { row: 5, column: 'name:en', reason: 'A name in the default language (en) is required' },
    { row: 6, column: 'price', reason: 'is required' },
    { row: 7, column: 'product_sku', reason: 'names no product (NO-SUCH-PRODUCT)' },
    { row: 8, column: null, reason: 'has 3 cells where the header has 13' },
    { row: 9, column: 'active', reason: 'must be true or false' },
    { row: 10, column: 'features', reason: 'must be key=value pairs separated by |' }
  ])
  t.ok(await productBySku('OK-1'))
  t.ok(await productBySku('OK-2'))
  t.notOk(await productBySku('BAD-CAT'))
})

t.test('a refused variant row leaves out its whole product: no product is half-written', async t => {
  const csv = [
    header,
    `HALF-1,,1000,,${kitchen},,,,,,Half,,`,
    `HALF-1-S,HALF-1,,1,,,,,,${small},,,`,
    `HALF-1-X,HALF-1,,1,,,,,,999999,,,`,
    `WHOLE-1,,1000,,${kitchen},,,,,,Whole,,`
  ].join('\n')
  const report = (await importCsv(csv)).json()
  t.match(report, { rows: 4, created: 1, failed: 3 })
  t.same(report.errors, [
    { row: 4, column: 'attribute_value_ids', reason: 'Unknown attribute value 999999' },
    { row: 2, column: null, reason: 'left out with the other rows of product HALF-1' },
    { row: 3, column: null, reason: 'left out with the other rows of product HALF-1' }
  ])
  t.notOk(await productBySku('HALF-1'))
  t.equal(await knex('catalog.product_variants').where({ sku: 'HALF-1-S' }).first('id'), undefined)
  t.ok(await productBySku('WHOLE-1'))
})

t.test('a failure midway keeps the batches already committed and no part of the failing batch', async t => {
  // A trigger stands for a crash: it fails the 13th product, in the second batch of 10.
  await knex.raw(`create function catalog.fail_on_crash_sku() returns trigger language plpgsql as $$
    begin if new.sku = 'CRASH-13' then raise exception 'simulated crash'; end if; return new; end $$`)
  await knex.raw('create trigger fail_on_crash_sku before insert on catalog.products for each row execute function catalog.fail_on_crash_sku()')
  t.teardown(async () => {
    await knex.raw('drop trigger fail_on_crash_sku on catalog.products')
    await knex.raw('drop function catalog.fail_on_crash_sku()')
  })
  const rows = Array.from({ length: 15 }, (_, index) => [
    `CRASH-${index + 1},,100,,${kitchen},,,,,,Crash ${index + 1},,`,
    `CRASH-${index + 1}-S,CRASH-${index + 1},,,,,,,,${small},,,`
  ]).flat()
  const failed = await importCsv([header, ...rows].join('\n'))
  t.equal(failed.statusCode, 500)
  t.equal(failed.json().code, 'BR_INTERNAL')
  const imported: string[] = await knex('catalog.products').where('sku', 'like', 'CRASH-%').pluck('sku')
  t.same(imported.sort(), Array.from({ length: 10 }, (_, index) => `CRASH-${index + 1}`).sort(), 'the first batch is committed, nothing of the failing one')
  const [{ count }] = await knex('catalog.product_variants').where('sku', 'like', 'CRASH-%').count({ count: '*' })
  t.equal(Number(count), 10, 'every committed product has its variant')
})

t.test('a header naming an unknown column or lacking sku is refused (400) before anything is written', async t => {
  const before = await productCount()
  for (const [csv, problem] of [
    ['sku,colour\nX-1,red', 'unknown column colour'],
    ['name:en,price\nX,1', 'missing column sku'],
    ['sku,name:zz\nX-1,Y', 'unknown column name:zz'],
    ['sku,sku\nX-1,X-1', 'column sku appears twice'],
    ['', 'missing column sku']
  ]) {
    const refused = await importCsv(csv)
    t.equal(refused.statusCode, 400, problem)
    t.equal(refused.json().code, 'BR_CATALOG_CSV_HEADER')
    t.match(refused.json().details.problems, [problem])
  }
  t.equal(await productCount(), before)
})

t.test('a file that breaks midway keeps the products complete before the break and reports where', async t => {
  const csv = [header, `BREAK-1,,100,,${kitchen},,,,,,Before,,`, `BREAK-2,,100,,${kitchen},,,,,,Maybe complete,,`, `BREAK-2-S,BREAK-2,,,,,,,,${small},"Unclosed,,`, `AFTER-1,,100,,${kitchen},,,,,,After,,`].join('\n')
  const report = (await importCsv(csv)).json()
  t.same(report, {
    dryRun: false,
    rows: 3,
    created: 1,
    updated: 0,
    failed: 2,
    errors: [
      { row: 3, column: null, reason: 'left out with the other rows of product BREAK-2' },
      { row: 5, column: null, reason: 'the file cannot be read from here on: Quote Not Closed: the parsing is finished with an opening quote at line 5' }
    ]
  })
  t.ok(await productBySku('BREAK-1'))
  t.notOk(await productBySku('BREAK-2'), 'a product whose rows may continue on the broken lines is left out')
  t.notOk(await productBySku('AFTER-1'))
})

t.test('the export lists every product then its variants, in the format the import reads back unchanged', async t => {
  const exported = await asAdmin({ url: '/api/catalog/export' })
  t.equal(exported.statusCode, 200)
  t.match(exported.headers['content-type'], /^text\/csv/)
  const records: string[][] = parse(exported.body)
  const [head, ...rows] = records
  t.same(head.slice(0, 3), ['sku', 'product_sku', 'price'])
  t.ok(head.includes('name:fr') && head.includes('short_description:en'))
  const column = (name: string): number => head.indexOf(name)
  const mugAt = rows.findIndex(row => row[0] === 'MUG-1')
  t.same(rows.slice(mugAt, mugAt + 3).map(row => [row[0], row[column('product_sku')], row[column('quantity')]]), [['MUG-1', '', ''], ['MUG-1-S', 'MUG-1', '3'], ['MUG-1-L', 'MUG-1', '9']])
  const pot = rows.find(row => row[0] === 'POT-1')!
  t.equal(pot[column('features')], 'Material=Clay|Volume=1 l')
  t.equal(pot[column('description:en')], 'A pot, with a comma')
  t.equal(rows.length, await productCount() + Number((await knex('catalog.product_variants').count({ count: '*' }))[0].count))
  const before = await asAdmin({ url: '/api/catalog/products?limit=100&sort=date' })
  const reimported = (await importCsv(exported.body)).json()
  t.match(reimported, { created: 0, failed: 0, errors: [] })
  t.same((await asAdmin({ url: '/api/catalog/products?limit=100&sort=date' })).json().items.map((item: Record<string, unknown>) => ({ ...item, updatedAt: undefined })),
    before.json().items.map((item: Record<string, unknown>) => ({ ...item, updatedAt: undefined })), 'the catalog reads the same after the round trip')
})

t.test('bad input on the import and export routes is a 4xx in the error shape', async t => {
  const json = await asAdmin({ method: 'POST', url: '/api/catalog/import', payload: { sku: 'X' } })
  t.equal(json.statusCode, 415)
  t.equal(json.json().code, 'BR_CATALOG_CSV_CONTENT_TYPE')
  const badQuery = await importCsv(`${header}\n`, '?dryRun=maybe')
  t.equal(badQuery.statusCode, 400)
  t.equal(badQuery.json().code, 'BR_VALIDATION')
  const salesman = await catalog.employee('Salesman')
  t.equal((await salesman({ url: '/api/catalog/export' })).statusCode, 403)
  t.equal((await salesman({ method: 'POST', url: '/api/catalog/import', payload: header, headers: { 'content-type': 'text/csv' } })).statusCode, 403)
})
