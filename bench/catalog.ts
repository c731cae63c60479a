/**
 * The catalog part of `npm run bench` (see run.ts): a generated catalog of 100,000 products
 * written straight into the tables of a freshly installed catalog, then, on loopback:
 * - a category list, a text search and a product read, each beside a raw reference (a bare
 *   Fastify + pg Pool server in this process, replaying verbatim the SQL the module issued for the
 *   same request and answering the same JSON): req/s at 50 connections, p99 at 10;
 * - the CSV export of the whole catalog, streamed and discarded, sampling this process's RSS;
 * - the import of a 100,000-row CSV of new products, streamed from a temporary file.
 */
import { createReadStream, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import http from 'node:http'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import type { Knex } from 'knex'
import pg from 'pg'
import type { Platform } from '../core/platform.ts'
import { CATEGORY_TREE, SEARCH_PREFIX, startsProduct, writeCatalogFixture, writeImportCsv } from './catalog-data.ts'
import { compareWithReference, getJson, routeRows, routeVerdicts, unmeasuredNotes, type MeasuredRoute } from './raw-reference.ts'
import { ms, printTable } from './report.ts'
import { timed, type Timing } from './stats.ts'

const PRODUCTS = 100_000
const IMPORT_ROWS = 100_000
const LOAD = { seconds: 2, rounds: 3, warmupSeconds: 1, throughputConnections: 50, latencyConnections: 10 }
const TARGETS = { ratioPercent: 60, p99Ms: 50, importMs: 60_000, exportRssGrowthMb: 50 }
const IMPORT_BODY_LINES = 500
const IMPORT_POLL_MS = 100
/** The platform's pool (core/db/database.ts) holds as many connections: the reference gets no more. */
const RSS_SAMPLE_MS = 20
const MODULES = ['localization', 'catalog']

export interface BenchPlatform {
  platform: Platform
  env: Record<string, string>
  dataDir: string
  firstStart: Timing
  baseUrl: string
  /** An access token of the first SuperAdmin. */
  token: string
}

export interface CatalogBenchOptions {
  /** Starts a platform on a fresh database serving the module packages of a folder; run.ts cleans it up. */
  startPlatform: (moduleFolder: string) => Promise<BenchPlatform>
  /** Undone in reverse order when the run ends, as in run.ts. */
  cleanups: Array<() => Promise<void> | void>
}

type DbRow = Record<string, any>

const summary = (row: DbRow) => ({
  id: row.id,
  sku: row.sku,
  name: row.name,
  price: row.price,
  currency: row.currency,
  quantity: row.quantity,
  lowStockThreshold: row.low_stock_threshold,
  active: row.active,
  defaultCategoryId: row.default_category_id,
  createdAt: row.created_at,
  updatedAt: row.updated_at
})

/** A page of ProductSearch.list from its last query, the page (one row more than the limit) whose rows carry the total; no cursor is sent, so no row means none. */
const page = (sort: string, order: string, limit: number) => (results: pg.QueryResult[]) => {
  const { rows } = results[results.length - 1]
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  const nextCursor = rows.length > limit && last !== undefined ? Buffer.from(JSON.stringify([sort, order, last.sort_key, last.id])).toString('base64url') : null
  return { items: items.map(summary), total: rows.length > 0 ? Number(rows[0].total) : 0, nextCursor }
}

/** ProductService.get from its one query: the row, with its categories, features, texts, images (the fixture has none) and variants as JSON. */
function product ([{ rows: [row] }]: pg.QueryResult[]): unknown {
  return {
    id: row.id,
    sku: row.sku,
    price: row.price,
    currency: row.currency,
    taxRuleId: row.tax_rule_id,
    weightGrams: row.weight_grams,
    widthMm: row.width_mm,
    heightMm: row.height_mm,
    depthMm: row.depth_mm,
    quantity: row.quantity,
    lowStockThreshold: row.low_stock_threshold,
    allowBackorders: row.allow_backorders,
    active: row.active,
    defaultCategoryId: row.default_category_id,
    categoryIds: row.extra_category_ids,
    features: row.features,
    translations: row.texts,
    images: [],
    variants: row.variants.map((variant: DbRow) => ({
      id: variant.id,
      productId: variant.product_id,
      sku: variant.sku,
      priceImpact: variant.price_impact,
      price: row.price + variant.price_impact,
      weightImpactGrams: variant.weight_impact_grams,
      quantity: variant.quantity,
      valueIds: variant.value_ids,
      createdAt: new Date(variant.created_at),
      updatedAt: new Date(variant.updated_at)
    })),
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
}

// A product with variants, halfway through the catalog.
const READ_PRODUCT_ID = PRODUCTS / 2
const ROUTES: MeasuredRoute[] = [
  { name: 'category list', url: `/api/catalog/products?categoryId=${CATEGORY_TREE.roots[0]}&active=true&sort=name&limit=50`, shape: page('name', 'desc', 50) },
  { name: 'text search', url: `/api/catalog/products?q=${SEARCH_PREFIX}&limit=50`, shape: page('date', 'desc', 50) },
  { name: 'product read', url: `/api/catalog/products/${READ_PRODUCT_ID}`, shape: product }
]

/** A folder linking the workspace's localization and catalog packages, as the platform finds modules. */
function catalogModuleFolder (): { root: string, remove: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'backroom-bench-catalog-modules-'))
  for (const name of MODULES) symlinkSync(fileURLToPath(new URL(`../modules/${name}`, import.meta.url)), path.join(root, name), 'dir')
  return { root, remove: () => { rmSync(root, { recursive: true, force: true }) } }
}

/** Sends a request over loopback (the body piped from a stream when given) and resolves with the response once it has ended. */
async function send (url: string, options: http.RequestOptions, body?: NodeJS.ReadableStream, onData?: (chunk: Buffer) => void): Promise<{ status: number, text: string }> {
  return await new Promise((resolve, reject) => {
    const request = http.request(url, options, response => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => { if (onData === undefined) chunks.push(chunk); else onData(chunk) })
      response.on('end', () => { resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }) })
      response.on('error', reject)
    })
    request.on('error', reject)
    if (body === undefined) request.end()
    else body.pipe(request)
  })
}

/**
 * The whole catalog as CSV, read and discarded, while this process's RSS is sampled: the platform
 * runs here. Its lines are counted, one per product and variant besides the header.
 */
async function measureExport (baseUrl: string, token: string, expectedLines: number) {
  const rssBefore = process.memoryUsage.rss()
  let rssPeak = rssBefore
  const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, process.memoryUsage.rss()) }, RSS_SAMPLE_MS)
  let bytes = 0
  let lines = 0
  try {
    const timing = await timed(async () => {
      const response = await send(`${baseUrl}/api/catalog/export`, { headers: { authorization: `Bearer ${token}` } }, undefined, chunk => {
        bytes += chunk.length
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++
      })
      if (response.status !== 200) throw new Error(`GET /api/catalog/export answered ${response.status}`)
    })
    if (lines !== expectedLines) throw new Error(`the export has ${lines} lines, not ${expectedLines}`)
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss())
    const mb = (value: number): number => Math.round(value / 2 ** 20 * 10) / 10
    return { ms: Math.round(timing.ms), cpuMs: Math.round(timing.cpuMs), mb: mb(bytes), lines, rssBeforeMb: mb(rssBefore), rssPeakMb: mb(rssPeak), rssGrowthMb: mb(rssPeak - rssBefore) }
  } finally {
    clearInterval(sampler)
  }
}

/** Products the import has created so far: the id sequence moves as they are written, before their batch commits. */
async function importedProducts (knex: Knex): Promise<number> {
  const { rows: [{ last }] } = await knex.raw("select pg_sequence_last_value(pg_get_serial_sequence('catalog.products', 'id')) as last")
  return Number(last) - PRODUCTS
}

/**
 * The import file as a request body, IMPORT_BODY_LINES lines at a time. It keeps at most
 * `lookahead` products ahead of the import, as loopback socket buffers would otherwise take
 * megabytes of it at once; once past `deadline` it ends before the next product row, so that the
 * import still receives whole products only.
 */
async function * importBody (file: string, knex: Knex, lookahead: number, deadline: number, sent: { products: number }): AsyncGenerator<string> {
  const input = createReadStream(file)
  try {
    let lines: string[] = []
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      if (startsProduct(line)) {
        if (performance.now() > deadline) break
        sent.products++
      }
      lines.push(line)
      if (lines.length === IMPORT_BODY_LINES) {
        while (sent.products - await importedProducts(knex) > lookahead) await sleep(IMPORT_POLL_MS)
        yield lines.join('\n') + '\n'
        lines = []
      }
    }
    if (lines.length > 0) yield lines.join('\n') + '\n'
  } finally {
    input.destroy()
  }
}

/**
 * A CSV of new products written to a temporary file, then streamed to POST /api/catalog/import.
 * An import still running at its target time is sent no further products: it has missed the
 * target, and its rate gives the time the whole file would take.
 */
async function measureImport (bench: BenchPlatform, cleanups: CatalogBenchOptions['cleanups']) {
  const folder = mkdtempSync(path.join(tmpdir(), 'backroom-bench-import-'))
  cleanups.push(() => { rmSync(folder, { recursive: true, force: true }) })
  const file = path.join(folder, 'products.csv')
  const knex = bench.platform.db.knex
  const languages: string[] = await knex.withSchema('localization').from('languages').orderBy('code').pluck('code')
  const written = await writeImportCsv(file, IMPORT_ROWS, languages)
  // The import writes nothing before a batch (csvBatchSize products) is complete: two batches ahead keep it fed.
  const { csvBatchSize } = await getJson(`${bench.baseUrl}/api/modules/catalog/settings`, { authorization: `Bearer ${bench.token}` }) as { csvBatchSize: number }
  const sent = { products: 0 }
  let report!: { rows: number, created: number, failed: number, errors: unknown[] }
  const timing = await timed(async () => {
    const body = Readable.from(importBody(file, knex, 2 * csvBatchSize, performance.now() + TARGETS.importMs, sent))
    const response = await send(`${bench.baseUrl}/api/catalog/import`, { method: 'POST', headers: { authorization: `Bearer ${bench.token}`, 'content-type': 'text/csv' } }, body)
    if (response.status !== 200) throw new Error(`POST /api/catalog/import answered ${response.status}: ${response.text.slice(0, 500)}`)
    report = JSON.parse(response.text)
  })
  if (report.failed > 0 || report.created !== sent.products) throw new Error(`the import refused rows: ${JSON.stringify(report.errors.slice(0, 5))}`)
  return {
    fileRows: written.rows,
    rows: report.rows,
    products: report.created,
    complete: sent.products === written.products,
    ms: Math.round(timing.ms),
    cpuMs: Math.round(timing.cpuMs),
    rowsPerSecond: Math.round(report.rows / timing.ms * 1000),
    /** The time of the whole file: measured when complete, else at the rate measured. */
    fileMs: Math.round(timing.ms * written.rows / report.rows)
  }
}

export async function benchCatalog ({ startPlatform, cleanups }: CatalogBenchOptions): Promise<void> {
  const loadAverageBefore = Number(loadavg()[0].toFixed(2))
  const modules = catalogModuleFolder()
  cleanups.push(modules.remove)
  const bench = await startPlatform(modules.root)
  const { platform, baseUrl, token } = bench
  const states = (await platform.services.modules.list()).filter(module => MODULES.includes(module.name))
  if (states.length !== MODULES.length || states.some(module => module.state !== 'enabled')) throw new Error(`catalog modules not enabled: ${JSON.stringify(states)}`)
  // Images go to the run's data folder rather than the default, relative to the working directory.
  await platform.services.modules.putSettings('catalog', { storageDir: path.join(bench.dataDir, 'catalog-images') })

  let fixture!: Awaited<ReturnType<typeof writeCatalogFixture>>
  const fixtureTiming = await timed(async () => { fixture = await writeCatalogFixture(bench.env.DATABASE_URL, PRODUCTS) })

  // Once before the queries are recorded, so that they are those of every request: what the module asks once per process it asks no more.
  for (const route of ROUTES) await getJson(`${baseUrl}${route.url}`, { authorization: `Bearer ${token}` })
  const routes = await compareWithReference({ knex: platform.db.knex, databaseUrl: bench.env.DATABASE_URL, baseUrl, token, routes: ROUTES, load: LOAD, cleanups })

  const exported = await measureExport(baseUrl, token, 1 + fixture.products + fixture.variants)
  const imported = await measureImport(bench, cleanups)

  const pass = {
    routes: routeVerdicts(routes, TARGETS),
    exportRss: exported.rssGrowthMb < TARGETS.exportRssGrowthMb,
    import: imported.fileMs < TARGETS.importMs
  }
  printTable(`Backroom catalog benchmark: PostgreSQL, ${fixture.products} products, ${fixture.variants} variants, ${fixture.categories} categories; autocannon, ${LOAD.rounds} rounds × ${LOAD.seconds} s per route and connection count (medians)`, [
    { metric: `fixture written straight into the tables (${fixture.translations} texts, ${fixture.movements} ledger rows)`, value: ms(fixtureTiming.ms) },
    ...routeRows(routes, LOAD, TARGETS),
    { metric: `export GET /api/catalog/export, ${exported.lines} lines, ${exported.mb} MB`, value: ms(exported.ms) },
    { metric: `  RSS growth during the export (${exported.rssBeforeMb} → ${exported.rssPeakMb} MB)`, value: `${exported.rssGrowthMb} MB`, target: `< ${TARGETS.exportRssGrowthMb} MB`, pass: pass.exportRss },
    imported.complete
      ? { metric: `import POST /api/catalog/import, ${imported.rows} rows (${imported.products} new products, ${imported.rowsPerSecond} rows/s)`, value: ms(imported.ms), target: `< ${TARGETS.importMs / 1000} s`, pass: pass.import }
      : { metric: `import POST /api/catalog/import, ${imported.fileRows} rows, projected from ${imported.rows} rows in ${ms(imported.ms)} (${imported.rowsPerSecond} rows/s)`, value: ms(imported.fileMs), target: `< ${TARGETS.importMs / 1000} s`, pass: pass.import },
    { metric: 'machine: CPUs, 1-minute load average before the part', value: `${availableParallelism()}, ${loadAverageBefore}` }
  ], [
    'The reference runs, for each route, the SQL the module issued for the same request, verbatim and in the same order, and answers the same JSON.',
    ...unmeasuredNotes(routes, LOAD),
    ...imported.complete ? [] : [`The import was sent no more products once its target time had passed: the time of the whole file is projected from the rate measured on the ${imported.rows} rows imported.`]
  ])
  process.stdout.write(JSON.stringify({
    bench: 'backroom-catalog',
    machine: { cpus: availableParallelism(), loadAverageBefore },
    fixture: { ...fixture, ms: Math.round(fixtureTiming.ms) },
    load: LOAD,
    routes,
    export: exported,
    import: imported,
    targets: TARGETS,
    pass
  }) + '\n')
}
