/**
 * Runs one platform in this process, configured by the environment alone, serving exactly the
 * module packages under BACKROOM_MODULE_PATHS. Once it listens it prints one JSON line,
 * `{ url, bootMs, codeLoadMs, cpuMs, rssBytes }`: bootMs from the start of the process (node's
 * own start-up and the loaders included) to listening, codeLoadMs the part spent importing the
 * core, cpuMs the CPU time the process used since it began. Logs go to standard error. It closes on SIGTERM or when its standard input ends, so it never outlives its parent.
 * Started by startPlatformProcess (platform-process.ts).
 */
import path from 'node:path'
import { performance } from 'node:perf_hooks'

const started = performance.now()
const { loadConfig } = await import('../../core/config.ts')
const { Platform, createLogger } = await import('../../core/platform.ts')
const { default: pino } = await import('pino')
const codeLoaded = performance.now()

const config = loadConfig()
const platform = await Platform.create({
  config,
  moduleRoots: (config.BACKROOM_MODULE_PATHS ?? '').split(path.delimiter).filter(Boolean),
  logger: createLogger(config.LOG_LEVEL, pino.destination(2)),
  announce: message => process.stderr.write(message + '\n')
})
await platform.start()
const address = await platform.listen()
const cpu = process.cpuUsage()
process.stdout.write(JSON.stringify({
  url: `http://${address.host}:${address.port}`,
  // performance.now() counts from the start of the process.
  bootMs: performance.now(),
  codeLoadMs: codeLoaded - started,
  cpuMs: (cpu.user + cpu.system) / 1000,
  rssBytes: process.memoryUsage().rss
}) + '\n')

let closing: Promise<void> | undefined
const stop = (): void => {
  closing ??= platform.close().then(() => process.exit(0), error => {
    process.stderr.write(`closing failed: ${(error as Error).stack}\n`)
    process.exit(1)
  })
}
process.on('SIGTERM', stop)
process.stdin.on('end', stop)
process.stdin.resume()
