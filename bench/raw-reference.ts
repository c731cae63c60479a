/**
 * Module routes measured beside a raw reference: a bare Fastify + pg Pool server in this process
 * that replays, verbatim and in the same order, the SQL the module issued for the same request
 * (recorded with knex's `query` event) and answers the same JSON, checked deep-equal before any
 * load. Req/s at one connection count, p99 at another, the module against the reference.
 */
import { isDeepStrictEqual } from 'node:util'
import Fastify from 'fastify'
import type { Knex } from 'knex'
import pg from 'pg'
import { compareUrls, type RouteLoad } from './load.ts'
import type { Row } from './report.ts'

/** The platform's pool (core/db/database.ts) holds as many connections: the reference gets no more. */
const POOL_SIZE = 10
/** Below this, a route's req/s over rounds of a few seconds counts stragglers rather than throughput. */
const MEANINGFUL_REQUESTS_PER_SECOND = 2

export interface CapturedQuery { sql: string, bindings: unknown[] }

/** One measured route: its module URL, and how the reference turns the results of the same SQL into the same body. */
export interface MeasuredRoute {
  name: string
  url: string
  shape: (results: pg.QueryResult[]) => unknown
}

export interface CapturedRoute extends MeasuredRoute { queries: CapturedQuery[], body: unknown }

export interface RouteLoadSettings { seconds: number, rounds: number, warmupSeconds: number, throughputConnections: number, latencyConnections: number }

export interface RouteTargets { ratioPercent: number, p99Ms: number }

/** Req/s and CPU time of this process per request at the throughput connections; p99 at the latency ones. */
export interface RouteFigures { requestsPerSecond: number, cpuUsPerRequest: number, p99Ms: number }

export interface RouteResult {
  name: string
  url: string
  queries: number
  bodyBytes: number
  module: RouteFigures
  raw: RouteFigures
  /** Module req/s in % of the reference's, the median over rounds at the throughput connections. */
  ratioPercent: number
}

export interface RouteVerdict { ratio: boolean, p99: boolean }

export async function getJson (url: string, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(url, { headers })
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`)
  return await response.json()
}

/** The queries the module issues for one request, in order; the core's own (authentication) left out. */
export async function captureQueries (knex: Knex, request: () => Promise<unknown>): Promise<{ queries: CapturedQuery[], body: unknown }> {
  const queries: CapturedQuery[] = []
  const listener = (query: { sql: string, bindings?: unknown[] }): void => {
    if (!query.sql.includes('"core".')) queries.push({ sql: query.sql, bindings: query.bindings ?? [] })
  }
  knex.on('query', listener)
  try {
    return { body: await request(), queries }
  } finally {
    knex.off('query', listener)
  }
}

/** The raw reference: one route per measured route, running its captured SQL in the same order, as the module does. */
export async function startReference (databaseUrl: string, routes: CapturedRoute[]): Promise<{ urls: string[], close: () => Promise<void> }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE })
  const app = Fastify()
  routes.forEach((route, index) => {
    app.get(`/${index}`, async () => {
      const results: pg.QueryResult[] = []
      for (const query of route.queries) results.push(await pool.query(query.sql, query.bindings))
      return route.shape(results)
    })
  })
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  return { urls: routes.map((_, index) => `${address}/${index}`), close: async () => { await app.close(); await pool.end() } }
}

async function measureRoute (route: CapturedRoute, moduleUrl: string, rawUrl: string, token: string, load: RouteLoadSettings): Promise<RouteResult> {
  const headers = { authorization: `Bearer ${token}` }
  const rawBody = await getJson(rawUrl)
  if (!isDeepStrictEqual(rawBody, route.body)) throw new Error(`the reference for ${route.name} answers ${JSON.stringify(rawBody).slice(0, 300)}, the module ${JSON.stringify(route.body).slice(0, 300)}`)
  const at = async (connections: number) => await compareUrls({ url: rawUrl, seconds: load.seconds, connections }, { url: moduleUrl, seconds: load.seconds, connections, headers }, load.rounds, load.warmupSeconds)
  const throughput = await at(load.throughputConnections)
  const latency = await at(load.latencyConnections)
  const figures = (loaded: RouteLoad, latencyLoad: RouteLoad): RouteFigures => ({ requestsPerSecond: Math.round(loaded.requestsPerSecond), cpuUsPerRequest: Math.round(loaded.cpuUsPerRequest), p99Ms: latencyLoad.p99Ms })
  return {
    name: route.name,
    url: route.url,
    queries: route.queries.length,
    bodyBytes: Buffer.byteLength(JSON.stringify(route.body)),
    module: figures(throughput.second, latency.second),
    raw: figures(throughput.first, latency.first),
    ratioPercent: Number((100 - throughput.fewerRequestsPercent).toFixed(1))
  }
}

export interface ReferenceComparison {
  knex: Knex
  databaseUrl: string
  baseUrl: string
  /** An access token the module routes are requested with. */
  token: string
  routes: MeasuredRoute[]
  load: RouteLoadSettings
  /** Undone in reverse order when the run ends, as in run.ts. */
  cleanups: Array<() => Promise<void> | void>
}

/** Each route requested once through the module with its queries recorded, then measured beside its reference, one after the other. */
export async function compareWithReference ({ knex, databaseUrl, baseUrl, token, routes, load, cleanups }: ReferenceComparison): Promise<RouteResult[]> {
  const captured: CapturedRoute[] = []
  for (const route of routes) captured.push({ ...route, ...await captureQueries(knex, async () => await getJson(`${baseUrl}${route.url}`, { authorization: `Bearer ${token}` })) })
  const reference = await startReference(databaseUrl, captured)
  cleanups.push(reference.close)
  const results: RouteResult[] = []
  for (const [index, route] of captured.entries()) results.push(await measureRoute(route, `${baseUrl}${route.url}`, reference.urls[index], token, load))
  return results
}

export function routeVerdicts (routes: RouteResult[], targets: RouteTargets): Record<string, RouteVerdict> {
  return Object.fromEntries(routes.map(route => [route.name, { ratio: route.ratioPercent >= targets.ratioPercent, p99: route.module.p99Ms < targets.p99Ms }]))
}

/** Five table rows per route: its queries and body size, req/s, CPU per request, the ratio and the p99 against their targets. */
export function routeRows (routes: RouteResult[], load: RouteLoadSettings, targets: RouteTargets): Row[] {
  const verdicts = routeVerdicts(routes, targets)
  // No request completed in a round: there is no CPU per request, nor a ratio.
  const finite = (value: number, unit: string): string => Number.isFinite(value) ? `${value}${unit}` : '–'
  return routes.flatMap((route): Row[] => [
    { metric: `${route.name}: GET ${route.url}`, value: `${route.queries} queries, ${route.bodyBytes} B` },
    { metric: `  req/s at ${load.throughputConnections} connections, module / raw`, value: `${route.module.requestsPerSecond} / ${route.raw.requestsPerSecond}` },
    { metric: '  CPU of this process per request (loopback sends included), module / raw', value: `${finite(route.module.cpuUsPerRequest, '')} / ${finite(route.raw.cpuUsPerRequest, '')} µs` },
    { metric: '  module in % of raw (median of rounds)', value: finite(route.ratioPercent, ' %'), target: `≥ ${targets.ratioPercent} %`, pass: verdicts[route.name].ratio },
    { metric: `  p99 at ${load.latencyConnections} connections, module (raw)`, value: `${route.module.p99Ms} ms (${route.raw.p99Ms} ms)`, target: `< ${targets.p99Ms} ms`, pass: verdicts[route.name].p99 }
  ])
}

/**
 * Why a route's req/s at the throughput connections means nothing when hardly any request
 * completed: each outlasts a round, and the server goes on answering the requests autocannon
 * abandons at the end of one well into the next.
 */
export function unmeasuredNotes (routes: RouteResult[], load: RouteLoadSettings): string[] {
  return routes.filter(route => Math.min(route.module.requestsPerSecond, route.raw.requestsPerSecond) < MEANINGFUL_REQUESTS_PER_SECOND).map(route =>
    `${route.name}: hardly any request completed within the ${load.seconds} s rounds at ${load.throughputConnections} connections (p99 ${route.module.p99Ms} ms at ${load.latencyConnections}); ` +
    'the server was still answering those abandoned at the end of the previous round, so req/s and the ratio mean nothing there.')
}
