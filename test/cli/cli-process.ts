import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createTestDatabaseUrl } from '../helpers/database.ts'
import { moduleFolder } from '../helpers/platform.ts'

const BIN = fileURLToPath(new URL('../../bin/backroom.js', import.meta.url))
/** Bound on one command, boot included (PGlite creates its files on first use, under load). */
const COMMAND_TIMEOUT_MS = 60_000

interface TestContext { teardown: (fn: () => Promise<void> | void) => void }

export interface CliSetup {
  /** Working directory of every command: a fresh folder, so the default ./data is the test's own. */
  cwd: string
  /** Data folder (PGlite files, generated secret). */
  dataDir: string
  /** The whole environment of the commands: nothing is inherited from the test runner. */
  env: Record<string, string>
}

/**
 * Somewhere for the CLI to run as a user would: its own folder and data, the named fixture
 * modules (copies, with `copy`, when the test changes them), and its own PostgreSQL database when TEST_DATABASE_URL is set (else embedded PGlite).
 */
export async function cliSetup (t: TestContext, options: { modules?: string[], copy?: boolean, env?: Record<string, string> } = {}): Promise<CliSetup> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'backroom-cli-'))
  t.teardown(() => rmSync(cwd, { recursive: true, force: true }))
  const databaseUrl = await createTestDatabaseUrl(t)
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    TMPDIR: tmpdir(),
    BACKROOM_MODULE_PATHS: moduleFolder(t, options.modules ?? [], { copy: options.copy }),
    BACKROOM_AUTO_INSTALL: 'false',
    LOG_LEVEL: 'info',
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    ...options.env
  }
  return { cwd, dataDir: path.join(cwd, 'data'), env }
}

/** POST /api/auth/login on a running server; the status and body. */
export async function logIn (url: string, email: string, password: string): Promise<{ status: number, body: any }> {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
  return { status: response.status, body: await response.json() }
}

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

function spawnCli (setup: CliSetup, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: setup.cwd,
    env: { ...setup.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: COMMAND_TIMEOUT_MS,
    killSignal: 'SIGKILL'
  })
}

/** Runs one command to its end (killed if it outlives the bound). */
export async function runCli (setup: CliSetup, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const child = spawnCli(setup, args, env)
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', chunk => { stdout += chunk })
  child.stderr!.on('data', chunk => { stderr += chunk })
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  return { code, stdout, stderr }
}

export interface RunningServer {
  child: ChildProcess
  /** The URL the server said it listens on. */
  url: string
  readonly stdout: string
  readonly stderr: string
  /** Resolves with the first match in standard output, now or later; rejects if the process ends first or the wait is too long. */
  waitForOutput (pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  /** Resolves when the process has ended, with how. */
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
  /** Sends SIGTERM and waits for the end. */
  stop (): Promise<{ code: number | null, signal: NodeJS.Signals | null }>
}

/** `backroom start` on a port of its own, resolved once it listens; killed at teardown if still running. */
export async function startServer (t: TestContext, setup: CliSetup, env: Record<string, string> = {}): Promise<RunningServer> {
  const child = spawnCli(setup, ['start'], { PORT: '0', HOST: '127.0.0.1', ...env })
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  let stdout = ''
  let stderr = ''
  let ended = false
  child.stdout!.on('data', chunk => { stdout += chunk })
  child.stderr!.on('data', chunk => { stderr += chunk })
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>(resolve => {
    child.once('close', (code, signal) => {
      ended = true
      resolve({ code, signal })
    })
  })
  const waitForOutput = async (pattern: RegExp, timeoutMs = COMMAND_TIMEOUT_MS): Promise<RegExpMatchArray> => {
    return await new Promise((resolve, reject) => {
      const check = (): void => {
        const match = stdout.match(pattern)
        if (match !== null) {
          finish()
          resolve(match)
        } else if (ended) {
          finish()
          reject(new Error(`the server ended without printing ${pattern}:\n${stdout}\n${stderr}`))
        }
      }
      const timer = setTimeout(() => { finish(); reject(new Error(`no ${pattern} after ${timeoutMs} ms:\n${stdout}\n${stderr}`)) }, timeoutMs)
      const finish = (): void => {
        clearTimeout(timer)
        child.stdout!.off('data', check)
        child.off('close', check)
      }
      // Registered after the listener that collects the output, so each check sees the new chunk.
      child.stdout!.on('data', check)
      child.on('close', check)
      check()
    })
  }
  const [, url] = await waitForOutput(/listening on (http:\/\/[\d.]+:\d+)/)
  return {
    child,
    url,
    get stdout () { return stdout },
    get stderr () { return stderr },
    waitForOutput,
    exited,
    async stop () {
      child.kill('SIGTERM')
      return await exited
    }
  }
}
