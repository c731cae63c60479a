import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const SCRIPT = fileURLToPath(new URL('./serve-platform.ts', import.meta.url))
const LOADERS = new URL('../../core/boot/loaders.mjs', import.meta.url).href

export interface PlatformProcess {
  url: string
  /** From the start of the child process to listening, measured inside it. */
  bootMs: number
  /** The part of bootMs spent importing the core's code. */
  codeLoadMs: number
  /** CPU time the child used from its start to listening. */
  cpuMs: number
  /** Resident set size of the child once it listens. */
  rssBytes: number
  /** Closes the platform gracefully; kills the process if it has not exited after a few seconds. */
  stop (): Promise<void>
}

/**
 * Starts serve-platform.ts in its own OS process, with the loaders bin/backroom.js uses, and the given
 * environment on top of this one, and resolves once it listens.
 */
export async function startPlatformProcess (env: Record<string, string>, timeoutMs = 60_000): Promise<PlatformProcess> {
  const child = spawn(process.execPath, ['--import', LOADERS, SCRIPT], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-4000) })
  const exited = once(child, 'exit')
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.stdin.end()
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
  const lines = createInterface({ input: child.stdout })
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  try {
    const exitedFirst = exited.then(([code, signal]) => { throw new Error(`platform process exited (${String(code ?? signal)}) before listening: ${stderr}`) })
    exitedFirst.catch(() => {})
    const ready = await Promise.race([
      once(lines, 'line').then(([line]) => JSON.parse(line as string) as Omit<PlatformProcess, 'stop'>),
      exitedFirst
    ])
    return { ...ready, stop }
  } catch (error) {
    await stop()
    throw error
  } finally {
    clearTimeout(timer)
  }
}
