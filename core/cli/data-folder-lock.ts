import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { CliError } from './command.ts'

const LOCK_FILE = 'pglite.lock'

function isRunning (pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function holderOf (file: string): number | undefined {
  try {
    return Number(readFileSync(file, 'utf8').trim())
  } catch {
    return undefined
  }
}

/**
 * Embedded PGlite is one process's database: a second process opening the same folder would
 * corrupt it, and PGlite itself does not refuse. So every command that opens it holds this lock:
 * a file naming the holder's process id, taken over when that process is gone.
 * Returns the function that releases it.
 */
export function lockDataFolder (dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, LOCK_FILE)
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' })
      return () => { if (holderOf(file) === process.pid) rmSync(file, { force: true }) }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const holder = holderOf(file)
    if (holder !== undefined && isRunning(holder)) {
      throw new CliError(`the embedded database in ${dataDir} is in use by another Backroom process (pid ${holder}). ` +
        'PGlite admits one process at a time: stop the server first, then run this command again ' +
        '(or set DATABASE_URL to share a PostgreSQL server). If no Backroom process runs, delete ' +
        `${file}.`)
    }
    rmSync(file, { force: true })
  }
  throw new CliError(`could not lock the embedded database in ${dataDir}: another process keeps taking ${file}`)
}
