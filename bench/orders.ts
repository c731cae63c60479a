/**
 * The orders part of `npm run bench` (see run.ts): two years of a shop's history, 200,000
 * customers and 1,000,000 orders, written straight into the tables of freshly installed
 * localization, catalog, customers and orders (orders-data.ts), then, on loopback:
 * - the order list of the commonest state and an order read, each beside a raw reference
 *   replaying the module's SQL (raw-reference.ts): req/s at 50 connections, p99 at 10;
 * - checkout throughput: shoppers registered through the customers shop routes, each filling a
 *   cart and placing it over HTTP for a fixed time (test_carrier ships, test_payment's card pays
 *   at once); orders per second and p99 per checkout, the orders written and the stock taken
 *   checked against the answers.
 */
import { randomInt } from 'node:crypto'
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type { Knex } from 'knex'
import type pg from 'pg'
// The parts take the same options; the catalog's part was the first to name them.
import type { CatalogBenchOptions as PartOptions } from './catalog.ts'
import { writeOrdersFixture, type OrdersFixtureCounts } from './orders-data.ts'
import { compareWithReference, getJson, routeRows, routeVerdicts, unmeasuredNotes, type MeasuredRoute } from './raw-reference.ts'
import { ms, printTable } from './report.ts'
import { timed } from './stats.ts'

const FIXTURE = { customers: 200_000, orders: 1_000_000, products: 5_000 }
const LOAD = { seconds: 2, rounds: 3, warmupSeconds: 1, throughputConnections: 50, latencyConnections: 10 }
const CHECKOUT = { shoppers: 20, seconds: 20, maxLines: 3, maxUnits: 2 }
/** Products a shopper picks from: enough units that no checkout of the run runs out of stock. */
const CHECKOUT_STOCK_MIN = 50
const TARGETS = { ratioPercent: 60, p99Ms: 50 }
const WORKSPACE_MODULES = ['localization', 'catalog', 'customers', 'orders']
const FIXTURE_MODULES = ['test_carrier', 'test_payment']
const LIST_LIMIT = 50

/** A folder linking the workspace's modules and the orders test fixtures that ship and pay, as the platform finds modules. */
function ordersModuleFolder (): { root: string, remove: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'backroom-bench-orders-modules-'))
  const link = (folder: URL, name: string): void => { symlinkSync(fileURLToPath(folder), path.join(root, name), 'dir') }
  for (const name of WORKSPACE_MODULES) link(new URL(`../modules/${name}`, import.meta.url), name)
  for (const name of FIXTURE_MODULES) link(new URL(`../modules/orders/test/fixtures/${name}`, import.meta.url), name)
  return { root, remove: () => { rmSync(root, { recursive: true, force: true }) } }
}

type DbRow = Record<string, any>

/**
 * The reference's copy of the state list, as the module's StateService keeps one: read once,
 * valid while the list's version, which the module's queries select beside their rows, is the one
 * it was read at. Names are in the default language, as lists show them.
 */
interface StateCopy { version: number, ref: (id: number) => { id: number, key: string | null, name: string } }

async function copyStates (knex: Knex): Promise<StateCopy> {
  const { version } = await knex('orders.state_list_version').first('version')
  const { code: language } = await knex('localization.languages').where({ is_default: true }).first('code')
  const states: DbRow[] = await knex('orders.states').orderBy('id').select('id', 'key')
  const names: DbRow[] = await knex('orders.state_translations').orderBy('language').select('*')
  const refs = new Map(states.map(state => {
    const own = names.filter(name => name.state_id === state.id)
    const name = own.find(row => row.language === language) ?? own[0]
    return [state.id, { id: state.id, key: state.key, name: name?.name ?? String(state.id) }]
  }))
  return { version: Number(version), ref: id => refs.get(id) ?? { id, key: null, name: String(id) } }
}

/** The copy, once the key a query read says it still holds. */
function statesAt (copy: StateCopy, key: DbRow): StateCopy {
  if (Number(key.state_list_version) !== copy.version) throw new Error('the order states changed during the benchmark')
  return copy
}

/** The orders module's default listCountLimit: its count stops one match past it. */
const LIST_COUNT_LIMIT = 10_000

/** A page of OrderSearch.page, from its count and its page (one row more than the limit), whose rows carry the state list's key. */
const orderPage = (limit: number, states: StateCopy) => ([{ rows: [{ count }] }, { rows }]: pg.QueryResult[]) => {
  const stateRef = statesAt(states, rows[0]).ref
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  const nextCursor = rows.length > limit && last !== undefined ? Buffer.from(JSON.stringify(['date', 'desc', last.created_at.toISOString(), last.id])).toString('base64url') : null
  return {
    items: items.map((order: DbRow) => ({
      id: order.id,
      reference: order.reference,
      customerId: order.customer_id,
      customerEmail: order.customer_email,
      state: stateRef(order.state_id),
      total: order.total,
      currency: order.currency,
      carrier: order.carrier,
      paymentMethod: order.payment_method,
      deliveryCountry: order.delivery_country,
      createdAt: order.created_at
    })),
    total: Math.min(Number(count), LIST_COUNT_LIMIT),
    totalExact: Number(count) <= LIST_COUNT_LIMIT,
    nextCursor
  }
}

/** OrderService.get from its query: the order with its invoice number, the state list's key and its lines (JSON). */
const orderView = (states: StateCopy) => ([{ rows: [order] }]: pg.QueryResult[]): unknown => {
  return {
    id: order.id,
    reference: order.reference,
    source: order.source,
    customerId: order.customer_id,
    customerEmail: order.customer_email,
    language: order.language,
    currency: order.currency,
    state: statesAt(states, order).ref(order.state_id),
    deliveryAddress: order.delivery_address,
    invoiceAddress: order.invoice_address,
    carrier: order.carrier,
    shipping: order.shipping_module === null ? null : { module: order.shipping_module, optionId: order.shipping_option_id ?? '', name: order.shipping_name ?? '' },
    trackingNumber: order.tracking_number,
    paymentModule: order.payment_module,
    paymentMethod: order.payment_method,
    paymentReference: order.payment_reference,
    discountBasisPoints: order.discount_basis_points,
    totals: { products: order.products_total, discount: order.discount_total, tax: order.tax_total, shipping: order.shipping_total, total: order.total, paid: order.paid_total, refunded: order.refunded_total },
    invoiceNumber: order.invoice_number,
    lines: order.lines.map((line: DbRow) => ({
      id: line.id,
      position: line.position,
      productId: line.product_id,
      variantId: line.variant_id,
      sku: line.sku,
      name: line.name,
      unitPrice: line.unit_price,
      quantity: line.quantity,
      taxRate: line.tax_rate,
      subtotal: line.subtotal,
      discount: line.discount,
      tax: line.tax,
      total: line.total,
      refundedQuantity: line.refunded_quantity
    })),
    deliveredAt: order.delivered_at,
    createdAt: order.created_at,
    updatedAt: order.updated_at
  }
}

interface Shopper { token: string, addressId: number }

/** A shop request as the signed-in shopper; any answer but the expected one breaks the benchmark, except at checkout, where the caller judges. */
async function shopRequest (baseUrl: string, token: string | null, method: string, route: string, body?: unknown): Promise<{ status: number, json: any }> {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { ...token === null ? {} : { authorization: `Bearer ${token}` }, ...body === undefined ? {} : { 'content-type': 'application/json' } },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  return { status: response.status, json: await response.json() }
}

async function expectShop (expected: number, ...request: Parameters<typeof shopRequest>): Promise<any> {
  const { status, json } = await shopRequest(...request)
  if (status !== expected) throw new Error(`${request[2]} ${request[3]} answered ${status}: ${JSON.stringify(json).slice(0, 300)}`)
  return json
}

/** A new customer signed in through the customers shop routes, with one address in Paris. */
async function registerShopper (baseUrl: string, index: number): Promise<Shopper> {
  const person = { firstName: 'Bench', lastName: `Shopper ${index}` }
  const session = await expectShop(201, baseUrl, null, 'POST', '/api/customers/shop/register', { email: `shopper${index}@bench.test`, password: 'a long enough password', ...person })
  const address = await expectShop(201, baseUrl, session.token, 'POST', '/api/customers/shop/me/addresses', { alias: 'Home', ...person, line1: '1 rue de la Paix', postcode: '75002', city: 'Paris', countryCode: 'FR' })
  return { token: session.token, addressId: address.id }
}

interface CheckoutTally { placed: number, units: number, refused: number[], latenciesMs: number[] }

/**
 * Fills the shopper's cart with 1 to maxLines distinct products of the pool, chooses the address,
 * the standard shipping and the card, and checks out; the checkout alone is timed. False when
 * the checkout was refused: its cart stays as it is, so the shopper stops.
 */
async function placeOrder (baseUrl: string, shopper: Shopper, pool: number[], tally: CheckoutTally): Promise<boolean> {
  const productIds = new Set<number>()
  const lines = randomInt(1, CHECKOUT.maxLines + 1)
  while (productIds.size < lines) productIds.add(pool[randomInt(pool.length)])
  let units = 0
  for (const productId of productIds) {
    const quantity = randomInt(1, CHECKOUT.maxUnits + 1)
    units += quantity
    await expectShop(200, baseUrl, shopper.token, 'POST', '/api/orders/shop/cart/lines', { productId, quantity })
  }
  await expectShop(200, baseUrl, shopper.token, 'PUT', '/api/orders/shop/cart/addresses', { deliveryAddressId: shopper.addressId })
  await expectShop(200, baseUrl, shopper.token, 'PUT', '/api/orders/shop/cart/shipping', { module: 'test_carrier', optionId: 'standard' })
  await expectShop(200, baseUrl, shopper.token, 'PUT', '/api/orders/shop/cart/payment', { module: 'test_payment', methodId: 'instant' })
  const started = performance.now()
  const { status } = await shopRequest(baseUrl, shopper.token, 'POST', '/api/orders/shop/checkout')
  tally.latenciesMs.push(performance.now() - started)
  if (status !== 201) {
    tally.refused.push(status)
    return false
  }
  tally.placed++
  tally.units += units
  return true
}

const percentile = (values: number[], fraction: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] * 10) / 10
}

/** Units in stock of the pool's products. */
async function poolStock (knex: Knex, pool: number[]): Promise<number> {
  return Number((await knex('catalog.products').whereIn('id', pool).sum({ units: 'quantity' }))[0].units)
}

/**
 * CHECKOUT.shoppers shoppers, each placing one order to warm up, then orders one after the other
 * for CHECKOUT.seconds, all at once. Afterwards the orders written since the fixture, their units
 * and the catalog's stock and ledger are compared with what the shoppers were answered.
 */
async function measureCheckout (baseUrl: string, knex: Knex, fixtureOrders: number) {
  const pool: number[] = await knex('catalog.products as p').where('p.active', true).where('p.quantity', '>=', CHECKOUT_STOCK_MIN)
    .whereNotExists(knex('catalog.product_variants as v').whereRaw('v.product_id = p.id')).orderBy('p.id').pluck('p.id')
  const stockBefore = await poolStock(knex, pool)
  const shoppers = await Promise.all(Array.from({ length: CHECKOUT.shoppers }, async (_, index) => await registerShopper(baseUrl, index + 1)))
  const warmup: CheckoutTally = { placed: 0, units: 0, refused: [], latenciesMs: [] }
  const warmed = await Promise.all(shoppers.map(async shopper => await placeOrder(baseUrl, shopper, pool, warmup)))
  const placing = shoppers.filter((_, index) => warmed[index])
  const measured: CheckoutTally = { placed: 0, units: 0, refused: [], latenciesMs: [] }
  let deadline = 0
  const timing = await timed(async () => {
    deadline = performance.now() + CHECKOUT.seconds * 1000
    await Promise.all(placing.map(async shopper => { while (performance.now() < deadline && await placeOrder(baseUrl, shopper, pool, measured)); }))
  })
  const placed = warmup.placed + measured.placed
  const units = warmup.units + measured.units
  const written = await knex('orders.orders as o').leftJoin('orders.order_lines as l', 'l.order_id', 'o.id').where('o.id', '>', fixtureOrders)
    .first(knex.raw('count(distinct o.id)::int as orders'), knex.raw('coalesce(sum(l.quantity), 0)::int as units'))
  const ledger = await knex('catalog.stock_movements').where({ reason: 'order' }).first(knex.raw('coalesce(-sum(delta), 0)::int as units'))
  const stockTaken = stockBefore - await poolStock(knex, pool)
  return {
    shoppers: shoppers.length,
    poolProducts: pool.length,
    seconds: Math.round(timing.ms / 100) / 10,
    placed,
    measuredOrders: measured.placed,
    ordersPerSecond: Math.round(measured.placed / timing.ms * 10_000) / 10,
    cpuMsPerOrder: Math.round(timing.cpuMs / Math.max(1, measured.placed) * 10) / 10,
    checkoutP50Ms: percentile(measured.latenciesMs, 0.5),
    checkoutP99Ms: percentile(measured.latenciesMs, 0.99),
    refused: [...warmup.refused, ...measured.refused],
    units,
    ordersWritten: written.orders,
    unitsWritten: written.units,
    unitsInLedger: ledger.units,
    stockTaken
  }
}

export async function benchOrders ({ startPlatform, cleanups }: PartOptions): Promise<void> {
  const loadAverageBefore = Number(loadavg()[0].toFixed(2))
  const modules = ordersModuleFolder()
  cleanups.push(modules.remove)
  const bench = await startPlatform(modules.root)
  const { platform, baseUrl, token } = bench
  const expected = [...WORKSPACE_MODULES, ...FIXTURE_MODULES]
  const states = (await platform.services.modules.list()).filter(module => expected.includes(module.name))
  if (states.length !== expected.length || states.some(module => module.state !== 'enabled')) throw new Error(`orders modules not enabled: ${JSON.stringify(states)}`)
  await platform.services.modules.putSettings('catalog', { storageDir: path.join(bench.dataDir, 'catalog-images') })
  const knex = platform.db.knex
  const admin = await knex.withSchema('core').from('employees').where({ email: bench.env.BACKROOM_ADMIN_EMAIL }).first('id', 'email')

  let fixture!: OrdersFixtureCounts
  const fixtureTiming = await timed(async () => { fixture = await writeOrdersFixture(bench.env.DATABASE_URL, { ...FIXTURE, employee: { id: admin.id, label: admin.email } }) })
  const [commonState] = Object.entries(fixture.states)
  const commonStateId: number = (await knex('orders.states').where({ key: commonState[0] }).first('id')).id
  const stateCopy = await copyStates(knex)
  const routes: MeasuredRoute[] = [
    { name: 'order list', url: `/api/orders/orders?stateId=${commonStateId}&limit=${LIST_LIMIT}`, shape: orderPage(LIST_LIMIT, stateCopy) },
    { name: 'order read', url: `/api/orders/orders/${FIXTURE.orders / 2}`, shape: orderView(stateCopy) }
  ]
  // Once before the queries are recorded, so that they are those of every request: the module's copy of the state list loaded.
  for (const route of routes) await getJson(`${baseUrl}${route.url}`, { authorization: `Bearer ${token}` })
  const measured = await compareWithReference({ knex, databaseUrl: bench.env.DATABASE_URL, baseUrl, token, routes, load: LOAD, cleanups })
  const checkout = await measureCheckout(baseUrl, knex, fixture.orders)

  const pass = {
    routes: routeVerdicts(measured, TARGETS),
    checkoutOrders: checkout.ordersWritten === checkout.placed && checkout.unitsWritten === checkout.units,
    checkoutStock: checkout.stockTaken === checkout.units && checkout.unitsInLedger === checkout.units
  }
  const cpus = availableParallelism()
  printTable(`Backroom orders benchmark: PostgreSQL, ${fixture.orders} orders of ${fixture.customers} customers over two years, ${fixture.catalog.products} products; autocannon, ${LOAD.rounds} rounds × ${LOAD.seconds} s per route and connection count (medians)`, [
    { metric: `fixture written straight into the tables (${fixture.lines} lines, ${fixture.history} history rows, ${fixture.invoices} invoices, ${fixture.creditSlips} credit slips; vacuumed)`, value: ms(fixtureTiming.ms) },
    ...routeRows(measured, LOAD, TARGETS),
    { metric: `checkout: ${checkout.shoppers} shoppers for ${checkout.seconds} s, POST /api/orders/shop/checkout after 1–${CHECKOUT.maxLines} cart lines, address, shipping, payment`, value: `${checkout.ordersPerSecond} orders/s` },
    { metric: '  checkout latency p50 / p99', value: `${checkout.checkoutP50Ms} / ${checkout.checkoutP99Ms} ms` },
    { metric: '  CPU of this process per order (the shoppers\' requests included)', value: `${checkout.cpuMsPerOrder} ms` },
    { metric: `  orders written = checkouts answered 201 (warm-up included; ${checkout.refused.length} refused)`, value: `${checkout.ordersWritten} = ${checkout.placed}`, target: 'equal', pass: pass.checkoutOrders },
    { metric: `  stock of the ${checkout.poolProducts} products taken = units sold = order ledger`, value: `${checkout.stockTaken} = ${checkout.units} = ${checkout.unitsInLedger}`, target: 'equal', pass: pass.checkoutStock },
    { metric: 'machine: CPUs, 1-minute load average before the part', value: `${cpus}, ${loadAverageBefore}` }
  ], [
    `Generated orders per state: ${Object.entries(fixture.states).map(([key, count]) => `${key} ${count}`).join(', ')}; the list shows the commonest.`,
    'The reference runs, for each route, the SQL the module issued for the same request, verbatim and in the same order, and answers the same JSON.',
    ...unmeasuredNotes(measured, LOAD),
    'The shoppers run in this process, beside the platform: their HTTP requests share its event loop.',
    ...loadAverageBefore > cpus ? ['The machine was busy with other work: wall times and req/s are inflated and noisy; the CPU figures hold better.'] : []
  ])
  process.stdout.write(JSON.stringify({
    bench: 'backroom-orders',
    machine: { cpus, loadAverageBefore },
    fixture: { ...fixture, ms: Math.round(fixtureTiming.ms) },
    load: LOAD,
    routes: measured,
    checkout,
    targets: TARGETS,
    pass
  }) + '\n')
}
