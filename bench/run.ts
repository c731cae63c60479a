/**
 * `npm run bench`: the platform on PostgreSQL, measured on loopback, in three parts.
 * The core, with 10 fixture modules: the cost of authentication and permission checks, boot time,
 * module-set swap time and memory. Then the catalog on a generated 100,000-product catalog
 * (catalog.ts): lists, search and product reads beside a bare Fastify + pg server running the
 * same SQL, CSV export memory and CSV import time. Then the orders on two generated years of a
 * shop, 1,000,000 orders (orders.ts): the order list and an order read beside their raw
 * references, and checkout throughput. Each figure is reported against its target; the run exits
 * non-zero only when the benchmark itself broke.
 *
 * BENCH_ONLY=core, catalog or orders runs one part. BENCH_DATABASE_URL or DATABASE_URL names
 * the PostgreSQL server (each part creates a database there and drops it afterwards);
 * BENCH_LOG_LEVEL sets the platform's log level (warn).
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { loadConfig } from '../core/config.ts'
import { signAccessToken } from '../core/people/access-tokens.ts'
import { Platform, createLogger } from '../core/platform.ts'
import { startPlatformProcess } from '../test/platform/platform-process.ts'
import { createBenchDatabase, DEFAULT_SERVER_URL } from './bench-database.ts'
import { benchCatalog, type BenchPlatform } from './catalog.ts'
import { compareUrls, type RouteLoad } from './load.ts'
import { generateModuleSet } from './module-set.ts'
import { benchOrders } from './orders.ts'
import { ms, printTable, type Row } from './report.ts'
import { median, summarize, timed, type Timing } from './stats.ts'

const MODULE_COUNT = 10
const LOAD = { seconds: 2, connections: 10, rounds: 6, warmupSeconds: 1 }
const BOOT_RUNS = 3
const SWAP_RUNS = 5
const TARGETS = { authOverheadPercent: 10, bootMs: 1000, swapMs: 300 }
const PARTS = ['core', 'catalog', 'orders'] as const

/** Undone in reverse order when the run ends, fails or is interrupted: the platform, the database, temporary files. */
const cleanups: Array<() => Promise<void> | void> = []

async function cleanUp (): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
}

/** A fresh process on the installed database, as when a process restarts or scales out, several times. */
async function measureBoots (env: Record<string, string>) {
  const boots: Array<{ bootMs: number, codeLoadMs: number, cpuMs: number, rssBytes: number, spawnToReadyMs: number }> = []
  for (let run = 0; run < BOOT_RUNS; run++) {
    const spawned = performance.now()
    const child = await startPlatformProcess(env)
    boots.push({ ...child, spawnToReadyMs: performance.now() - spawned })
    await child.stop()
  }
  const medianOf = (pick: (boot: typeof boots[number]) => number): number => Math.round(median(boots.map(pick)))
  return {
    medianMs: medianOf(boot => boot.bootMs),
    runsMs: boots.map(boot => Math.round(boot.bootMs)),
    codeLoadMedianMs: medianOf(boot => boot.codeLoadMs),
    cpuMedianMs: medianOf(boot => boot.cpuMs),
    spawnToReadyMedianMs: medianOf(boot => boot.spawnToReadyMs),
    rssMedianMb: Math.round(medianOf(boot => boot.rssBytes) / 2 ** 20)
  }
}

/** The same handler of one module, public and behind a permission with an access token. */
async function measureAuthOverhead (baseUrl: string, module: string, token: string) {
  const options = { seconds: LOAD.seconds, connections: LOAD.connections }
  const comparison = await compareUrls(
    { ...options, url: `${baseUrl}/api/${module}/public/items` },
    { ...options, url: `${baseUrl}/api/${module}/items`, headers: { authorization: `Bearer ${token}` } },
    LOAD.rounds, LOAD.warmupSeconds)
  const rounded = (load: RouteLoad): RouteLoad => ({ requestsPerSecond: Math.round(load.requestsPerSecond), p99Ms: load.p99Ms, cpuUsPerRequest: Math.round(load.cpuUsPerRequest), requests: load.requests })
  return {
    publicRoute: rounded(comparison.first),
    authenticatedRoute: rounded(comparison.second),
    overheadPercent: comparison.fewerRequestsPercent,
    cpuOverheadPercent: comparison.moreCpuPercent
  }
}

/** A rebuild with the same module set, and a module disabled and enabled through the HTTP API. */
async function measureSwaps (platform: Platform, baseUrl: string, module: string, token: string) {
  const moduleAction = async (action: 'enable' | 'disable'): Promise<void> => {
    const response = await fetch(`${baseUrl}/api/modules/${module}/${action}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    if (response.status !== 200) throw new Error(`${action} ${module} answered ${response.status}: ${await response.text()}`)
  }
  const reloads: Timing[] = []
  const disables: Timing[] = []
  const enables: Timing[] = []
  for (let run = 0; run < SWAP_RUNS; run++) {
    reloads.push(await timed(async () => { await platform.reload() }))
    disables.push(await timed(async () => { await moduleAction('disable') }))
    enables.push(await timed(async () => { await moduleAction('enable') }))
  }
  return { reload: summarize(reloads), disable: summarize(disables), enable: summarize(enables) }
}

/**
 * The platform measured under load, in this process, on a fresh database, listening on loopback.
 * Its first start installs every module found in the module folder.
 */
async function startBenchPlatform (moduleFolder: string): Promise<BenchPlatform> {
  const database = await createBenchDatabase(process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_SERVER_URL)
  cleanups.push(database.drop)
  const dataDir = mkdtempSync(path.join(tmpdir(), 'backroom-bench-data-'))
  cleanups.push(() => { rmSync(dataDir, { recursive: true, force: true }) })
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    BACKROOM_SECRET: randomBytes(32).toString('hex'),
    BACKROOM_DATA_DIR: dataDir,
    BACKROOM_MODULE_PATHS: moduleFolder,
    BACKROOM_ADMIN_EMAIL: 'bench@shop.test',
    BACKROOM_ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    BACKROOM_AUTO_INSTALL: 'true',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn'
  }
  const config = loadConfig(env)
  let platform!: Platform
  const firstStart = await timed(async () => {
    platform = await Platform.create({ config, moduleRoots: [moduleFolder], logger: createLogger(config.LOG_LEVEL) })
    cleanups.push(async () => { await platform.close() })
    await platform.start()
  })
  const { port } = await platform.listen()
  const admin = await platform.db.knex.withSchema('core').from('employees').where({ email: env.BACKROOM_ADMIN_EMAIL }).first('id')
  return { platform, env, dataDir, firstStart, baseUrl: `http://127.0.0.1:${port}`, token: signAccessToken(platform.app, admin.id) }
}

async function benchCore (): Promise<void> {
  const loadAverageBefore = Number(loadavg()[0].toFixed(2))
  const modules = generateModuleSet(MODULE_COUNT)
  cleanups.push(modules.remove)
  const { platform, env, firstStart, baseUrl, token } = await startBenchPlatform(modules.root)
  const notEnabled = (await platform.services.modules.list()).filter(module => modules.names.includes(module.name) && module.state !== 'enabled')
  if (notEnabled.length > 0) throw new Error(`fixture modules not enabled: ${JSON.stringify(notEnabled)}`)

  const boot = await measureBoots(env)
  const [loaded, swapped] = [modules.names[0], modules.names[MODULE_COUNT - 1]]
  const auth = await measureAuthOverhead(baseUrl, loaded, token)
  const rssAfterLoadMb = Math.round(process.memoryUsage().rss / 2 ** 20)
  const swaps = await measureSwaps(platform, baseUrl, swapped, token)

  const pass = {
    authOverhead: auth.overheadPercent < TARGETS.authOverheadPercent,
    boot: boot.medianMs < TARGETS.bootMs,
    reload: swaps.reload.medianMs < TARGETS.swapMs,
    disable: swaps.disable.medianMs < TARGETS.swapMs,
    enable: swaps.enable.medianMs < TARGETS.swapMs
  }
  const route = (load: RouteLoad): string => `${load.requestsPerSecond} req/s, p99 ${load.p99Ms} ms, ${load.cpuUsPerRequest} µs`
  const swapRow = (metric: string, timing: typeof swaps.reload, passed: boolean): Row =>
    ({ metric: `${metric}, median of ${SWAP_RUNS} (max; CPU)`, value: `${ms(timing.medianMs)} (${ms(timing.maxMs)}; ${ms(timing.medianCpuMs)})`, target: `< ${TARGETS.swapMs} ms`, pass: passed })
  const cpus = availableParallelism()
  printTable(`Backroom benchmark: PostgreSQL, ${MODULE_COUNT} fixture modules, loopback, autocannon ${LOAD.connections} connections, ${LOAD.rounds} rounds × ${LOAD.seconds} s per route (medians)`, [
    { metric: `public route GET /api/${loaded}/public/items (req/s, p99, CPU per request)`, value: route(auth.publicRoute) },
    { metric: `same handler behind a permission, GET /api/${loaded}/items`, value: route(auth.authenticatedRoute) },
    { metric: 'auth + permission overhead, req/s (median of rounds)', value: `${auth.overheadPercent} %`, target: `< ${TARGETS.authOverheadPercent} %`, pass: pass.authOverhead },
    { metric: '  same, CPU per request', value: `${auth.cpuOverheadPercent} %` },
    { metric: `boot to ready, fresh process, median of ${BOOT_RUNS}`, value: ms(boot.medianMs), target: `< ${TARGETS.bootMs} ms`, pass: pass.boot },
    { metric: '  of which importing the core', value: ms(boot.codeLoadMedianMs) },
    { metric: '  CPU time of the process until ready (node and tsx included)', value: ms(boot.cpuMedianMs) },
    { metric: '  from spawning node to ready', value: ms(boot.spawnToReadyMedianMs) },
    { metric: `first start, installing ${MODULE_COUNT} modules (CPU)`, value: `${ms(firstStart.ms)} (${ms(firstStart.cpuMs)})` },
    swapRow('platform.reload()', swaps.reload, pass.reload),
    swapRow(`POST /api/modules/${swapped}/disable`, swaps.disable, pass.disable),
    swapRow(`POST /api/modules/${swapped}/enable`, swaps.enable, pass.enable),
    { metric: 'RSS of the platform process after the load', value: `${rssAfterLoadMb} MB` },
    { metric: 'RSS of a fresh process at ready', value: `${boot.rssMedianMb} MB` },
    { metric: 'machine: CPUs, 1-minute load average before the run', value: `${cpus}, ${loadAverageBefore}` }
  ], loadAverageBefore > cpus ? ['The machine was busy with other work: wall times and req/s are inflated and noisy; the CPU figures hold better.'] : [])
  process.stdout.write(JSON.stringify({
    bench: 'backroom',
    machine: { cpus, loadAverageBefore },
    modules: MODULE_COUNT,
    load: LOAD,
    ...auth,
    boot,
    firstStartWithInstall: { ms: Math.round(firstStart.ms), cpuMs: Math.round(firstStart.cpuMs) },
    ...swaps,
    rssMb: { afterLoad: rssAfterLoadMb, freshProcessAtReady: boot.rssMedianMb },
    targets: TARGETS,
    pass
  }) + '\n')
}

const only = process.env.BENCH_ONLY
if (only !== undefined && !(PARTS as readonly string[]).includes(only)) throw new Error(`BENCH_ONLY must be one of ${PARTS.join(', ')}, not ${only}`)
process.once('SIGINT', () => { void cleanUp().finally(() => process.exit(130)) })
const runs = (part: typeof PARTS[number]): boolean => only === undefined || only === part
try {
  if (runs('core')) await benchCore()
  // Each part's platform and database go before the next part begins: each part has the machine to itself.
  await cleanUp()
  if (runs('catalog')) await benchCatalog({ startPlatform: startBenchPlatform, cleanups })
  await cleanUp()
  if (runs('orders')) await benchOrders({ startPlatform: startBenchPlatform, cleanups })
} finally {
  await cleanUp()
}
