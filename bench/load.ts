import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'
import type { Result } from 'autocannon'
import { median, timed } from './stats.ts'

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js')
const run = promisify(execFile)

export interface LoadOptions { seconds: number, connections: number, headers?: Record<string, string> }

export interface RouteLoad {
  requestsPerSecond: number
  p99Ms: number
  /** CPU time this process (the platform) spent per request: unlike req/s, barely moved by other load on the machine. */
  cpuUsPerRequest: number
  requests: number
}

/**
 * Loads one URL with autocannon in its own process, so the load generator does not share the
 * event loop of the platform it measures, which runs in this process.
 */
async function loadUrl (url: string, options: LoadOptions): Promise<RouteLoad> {
  const headerArgs = Object.entries(options.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}=${value}`])
  const args = [AUTOCANNON, '-j', '-c', String(options.connections), '-d', String(options.seconds), ...headerArgs, url]
  let result!: Result
  const { cpuMs } = await timed(async () => {
    const { stdout } = await run(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 })
    result = JSON.parse(stdout) as Result
  })
  const failures = result.non2xx + result.errors + result.timeouts
  if (failures > 0) throw new Error(`${failures} of ${result.requests.total} requests to ${url} failed under load: the numbers would mean nothing`)
  return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99, cpuUsPerRequest: cpuMs * 1000 / result.requests.total, requests: result.requests.total }
}

function medianLoad (results: RouteLoad[]): RouteLoad {
  const of = (pick: (result: RouteLoad) => number): number => median(results.map(pick))
  return { requestsPerSecond: of(result => result.requestsPerSecond), p99Ms: of(result => result.p99Ms), cpuUsPerRequest: of(result => result.cpuUsPerRequest), requests: of(result => result.requests) }
}

export interface Comparison {
  first: RouteLoad
  second: RouteLoad
  /** How much less the second served than the first, in %: the median over rounds, each round compared with itself. */
  fewerRequestsPercent: number
  /** How much more CPU per request the second took, in %, likewise. */
  moreCpuPercent: number
}

/**
 * Two URLs after a warm-up, in alternating short rounds. Each round pair is compared on its own
 * and the median taken, so drift in the load of a shared machine cancels out.
 */
export async function compareUrls (first: LoadOptions & { url: string }, second: LoadOptions & { url: string }, rounds: number, warmupSeconds: number): Promise<Comparison> {
  for (const target of [first, second]) await loadUrl(target.url, { ...target, seconds: warmupSeconds })
  const pairs: Array<[RouteLoad, RouteLoad]> = []
  for (let round = 0; round < rounds; round++) pairs.push([await loadUrl(first.url, first), await loadUrl(second.url, second)])
  const percent = (value: number): number => Number((value * 100).toFixed(1))
  return {
    first: medianLoad(pairs.map(pair => pair[0])),
    second: medianLoad(pairs.map(pair => pair[1])),
    fewerRequestsPercent: percent(median(pairs.map(([a, b]) => 1 - b.requestsPerSecond / a.requestsPerSecond))),
    moreCpuPercent: percent(median(pairs.map(([a, b]) => b.cpuUsPerRequest / a.cpuUsPerRequest - 1)))
  }
}
