import t from 'tap'
import { startCatalog } from './helpers.ts'

// The import applies a batch of rows in memory, then writes it with multi-row statements: these
// tests hold it to what applying the rows one after the other would do.

const catalog = await startCatalog(t)
const { asAdmin } = catalog
const knex = catalog.shop.database.knex
const kitchen = await catalog.category('Kitchen')
const group = (await asAdmin({ method: 'POST', url: '/api/catalog/attributes', payload: { translations: { en: { name: 'Size' } } } })).json()
const valueOf = async (name: string): Promise<number> =>
  (await asAdmin({ method: 'POST', url: `/api/catalog/attributes/${group.id as number}/values`, payload: { translations: { en: { name } } } })).json().id
const small = await valueOf('S')
const medium = await valueOf('M')
const large = await valueOf('L')

const header = 'sku,product_sku,price,quantity,default_category_id,tax_rule_id,attribute_value_ids,name:en,name:fr'
const importCsv = async (rows: string[], query = '') =>
  await asAdmin({ method: 'POST', url: `/api/catalog/import${query}`, payload: [header, ...rows].join('\n'), headers: { 'content-type': 'text/csv' } })
const productBySku = async (sku: string): Promise<any> => {
  const row = await knex('catalog.products').where({ sku }).first('id')
  return row === undefined ? undefined : (await asAdmin({ url: `/api/catalog/products/${row.id as number}` })).json()
}
const movementsOf = async (productId: number): Promise<Array<{ variant_sku: string | null, delta: number, quantity_after: number, reason: string }>> =>
  await knex('catalog.stock_movements').where({ product_id: productId }).orderBy('id').select('variant_sku', 'delta', 'quantity_after', 'reason')
const eventsFor = async (name: string, id: number): Promise<number> => (await catalog.events(name)).filter(event => event.id === id).length

t.test('a SKU twice in one batch is created by its first row and updated by its second', async t => {
  const report = (await importCsv([`TWICE-1,,100,5,${kitchen},,,Twice,`, `OTHER-1,,100,,${kitchen},,,Other,`, 'TWICE-1,,300,2,,,,,Deux fois'])).json()
  t.same(report, { dryRun: false, rows: 3, created: 2, updated: 1, failed: 0, errors: [] })
  const twice = await productBySku('TWICE-1')
  t.match(twice, { price: 300, quantity: 2, translations: { en: { name: 'Twice', slug: 'twice' }, fr: { name: 'Deux fois', slug: 'deux-fois' } } })
  t.same(await movementsOf(twice.id), [
    { variant_sku: null, delta: 5, quantity_after: 5, reason: 'import' },
    { variant_sku: null, delta: -3, quantity_after: 2, reason: 'import' }
  ], 'each row that changes the quantity writes its movement, in file order')
  t.equal(await eventsFor('catalog.product.created', twice.id), 1)
  t.equal(await eventsFor('catalog.product.updated', twice.id), 1)
})

t.test('a product with variants emits one event, and its variants refer to it within the batch', async t => {
  const report = (await importCsv([`PAIR-1,,1000,,${kitchen},,,Pair,`, `PAIR-1-S,PAIR-1,,2,,,${small},,`, `PAIR-1-L,PAIR-1,,3,,,${large},,`])).json()
  t.same(report, { dryRun: false, rows: 3, created: 1, updated: 0, failed: 0, errors: [] })
  const pair = await productBySku('PAIR-1')
  t.match(pair, { quantity: 5, variants: [{ sku: 'PAIR-1-S', quantity: 2, valueIds: [small] }, { sku: 'PAIR-1-L', quantity: 3, valueIds: [large] }] })
  t.equal(await eventsFor('catalog.product.created', pair.id), 1)
  t.equal(await eventsFor('catalog.product.updated', pair.id), 0, 'its variants are part of its creation')
})

t.test('an update writes one movement per holder whose quantity changes, and the quantity stays the ledger', async t => {
  await importCsv([`STOCK-1,,1000,,${kitchen},,,Stock,`, `STOCK-1-S,STOCK-1,,4,,,${small},,`, `STOCK-1-L,STOCK-1,,6,,,${large},,`, `SOLO-1,,1000,10,${kitchen},,,Solo,`])
  const stock = await productBySku('STOCK-1')
  const solo = await productBySku('SOLO-1')
  const outEvents = (await catalog.events('catalog.stock.out')).length
  const report = (await importCsv(['STOCK-1-S,STOCK-1,,4,,,,,', 'STOCK-1-L,STOCK-1,,1,,,,,', 'SOLO-1,,,0,,,,,'])).json()
  t.same(report, { dryRun: false, rows: 3, created: 0, updated: 2, failed: 0, errors: [] })
  t.same((await movementsOf(stock.id)).slice(2), [{ variant_sku: 'STOCK-1-L', delta: -5, quantity_after: 1, reason: 'import' }], 'the unchanged variant has no movement')
  t.same((await movementsOf(solo.id)).slice(1), [{ variant_sku: null, delta: -10, quantity_after: 0, reason: 'import' }])
  t.match(await productBySku('STOCK-1'), { quantity: 5, variants: [{ sku: 'STOCK-1-S', quantity: 4 }, { sku: 'STOCK-1-L', quantity: 1 }] })
  for (const id of [stock.id, solo.id]) {
    const [{ quantity }] = await knex('catalog.products').where({ id }).select('quantity')
    const [{ sum }] = await knex('catalog.stock_movements').where({ product_id: id }).sum({ sum: 'delta' })
    t.equal(Number(sum), quantity, 'the quantity is the sum of the ledger')
  }
  const out = (await catalog.events('catalog.stock.out')).slice(outEvents)
  t.match(out, [{ productId: solo.id, variantId: null, sku: 'SOLO-1', quantity: 0 }], 'running out is signalled as on any stock change')
  t.equal(await eventsFor('catalog.product.updated', solo.id), 0, 'a change of stock alone is no product update')
})

t.test('rows are checked against what the rows before them in the batch left', async t => {
  const report = (await importCsv([
    `EARLY-S,LATER-1,,,,,${small},,`,
    `LATER-1,,100,,${kitchen},,,Later,`,
    `LATER-1-S,LATER-1,,,,,${small},,`,
    `LATER-1-S,,100,,${kitchen},,,Clash,`,
    `TAKEN-1,,100,,${kitchen},,,Taken,`,
    `TAKEN-1,LATER-1,,,,,${medium},,`,
    `BETWEEN-1,,100,,${kitchen},,,Between,`,
    `LATER-1-M,LATER-1,,,,,${small},,`,
    `TAXED-1,,100,,${kitchen},999999,,Taxed,`
  ])).json()
  t.same(report.errors, [
    { row: 2, column: 'product_sku', reason: 'names no product (LATER-1)' },
    { row: 5, column: 'sku', reason: 'SKU LATER-1-S is already used' },
    { row: 7, column: 'sku', reason: 'SKU TAKEN-1 is already used' },
    { row: 9, column: 'attribute_value_ids', reason: `Product ${(await productBySku('LATER-1')).id as number} already has a variant with these attribute values` },
    { row: 10, column: 'tax_rule_id', reason: 'Unknown tax rule 999999' }
  ])
  t.match(report, { rows: 9, created: 3, updated: 0, failed: 5 })
  t.same((await productBySku('LATER-1')).variants.map((variant: { sku: string }) => variant.sku), ['LATER-1-S'])
})

t.test('ids beyond what the database holds are refused by the schema, before any lookup', async t => {
  const report = (await importCsv([`HUGE-1,,100,,99999999999,,,Huge,`, `HUGE-1-S,OTHER-1,,,,,99999999999,,`, `HUGE-2,,100,,${kitchen},99999999999,,Huge,`])).json()
  t.same(report.errors, [
    { row: 2, column: 'default_category_id', reason: 'must be <= 2147483647' },
    { row: 3, column: 'attribute_value_ids', reason: 'must be <= 2147483647' },
    { row: 4, column: 'tax_rule_id', reason: 'must be <= 2147483647' }
  ])
})

t.test('variants may trade their combinations within one batch', async t => {
  await importCsv([`SWAP-1,,1000,,${kitchen},,,Swap,`, `SWAP-1-A,SWAP-1,,,,,${small},,`, `SWAP-1-B,SWAP-1,,,,,${large},,`])
  const report = (await importCsv([`SWAP-1-A,SWAP-1,,,,,${medium},,`, `SWAP-1-B,SWAP-1,,,,,${small},,`, `SWAP-1-A,SWAP-1,,,,,${large},,`])).json()
  t.same(report, { dryRun: false, rows: 3, created: 0, updated: 1, failed: 0, errors: [] })
  t.match((await productBySku('SWAP-1')).variants, [{ sku: 'SWAP-1-A', valueIds: [large] }, { sku: 'SWAP-1-B', valueIds: [small] }])
})

t.test('a batch boundary never splits a product: its variant rows go with it', async t => {
  // The helpers' imports write 10 products a batch; the 10th has three variants, past row 10.
  await knex.raw(`create function catalog.fail_on_edge_sku() returns trigger language plpgsql as $$
    begin if new.sku = 'EDGE-11' then raise exception 'simulated crash'; end if; return new; end $$`)
  await knex.raw('create trigger fail_on_edge_sku before insert on catalog.products for each row execute function catalog.fail_on_edge_sku()')
  t.teardown(async () => {
    await knex.raw('drop trigger fail_on_edge_sku on catalog.products')
    await knex.raw('drop function catalog.fail_on_edge_sku()')
  })
  const rows = Array.from({ length: 11 }, (_, index) => `EDGE-${index + 1},,100,,${kitchen},,,Edge ${index + 1},`)
  rows.splice(10, 0, `EDGE-10-S,EDGE-10,,,,,${small},,`, `EDGE-10-M,EDGE-10,,,,,${medium},,`, `EDGE-10-L,EDGE-10,,,,,${large},,`)
  t.equal((await importCsv(rows)).statusCode, 500)
  t.equal((await knex('catalog.products').where('sku', 'like', 'EDGE-%').pluck('sku')).length, 10, 'the first batch, ten products, is committed')
  t.same((await productBySku('EDGE-10')).variants.map((variant: { sku: string }) => variant.sku), ['EDGE-10-S', 'EDGE-10-M', 'EDGE-10-L'])
})

t.test('a batch that loses a new SKU to another writer is planned and written again', async t => {
  // A trigger stands for a concurrent writer: the first time, it creates RACE-1 just before the
  // import's insert, which then finds the SKU taken and rolls the batch back, the trigger's row
  // with it. Sequences are not rolled back, so it acts once.
  await knex.raw('create sequence catalog.race_attempts')
  await knex.raw(`create function catalog.race_for_sku() returns trigger language plpgsql as $$
    begin
      -- The writer's own insert (price 1) passes through.
      if new.sku = 'RACE-1' and new.price <> 1 then
        if nextval('catalog.race_attempts') = 1 then
          insert into catalog.products (sku, price, currency, default_category_id) values ('RACE-1', 1, new.currency, new.default_category_id);
        end if;
      end if;
      return new;
    end $$`)
  await knex.raw('create trigger race_for_sku before insert on catalog.products for each row execute function catalog.race_for_sku()')
  t.teardown(async () => {
    await knex.raw('drop trigger race_for_sku on catalog.products')
    await knex.raw('drop function catalog.race_for_sku()')
    await knex.raw('drop sequence catalog.race_attempts')
  })
  const report = (await importCsv([`RACE-1,,500,3,${kitchen},,,Race,`])).json()
  t.same(report, { dryRun: false, rows: 1, created: 1, updated: 0, failed: 0, errors: [] })
  t.match(await productBySku('RACE-1'), { price: 500, quantity: 3, translations: { en: { name: 'Race' } } })
  const [{ attempts }] = (await knex.raw('select last_value as attempts from catalog.race_attempts')).rows
  t.equal(Number(attempts), 2, 'the batch was written a second time')
})
