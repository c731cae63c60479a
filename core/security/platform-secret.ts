import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { randomToken } from './secret-box.ts'

/**
 * The configured secret, or one generated once into the data folder (mode 0600) and reused after.
 * Several processes sharing a database must all be given the same BACKROOM_SECRET.
 */
export function resolvePlatformSecret (configured: string | undefined, dataDir: string): string {
  if (configured !== undefined) return configured
  const file = path.join(dataDir, 'secret')
  try {
    return readFileSync(file, 'utf8').trim()
  } catch {
    mkdirSync(dataDir, { recursive: true })
    const secret = randomToken(48)
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' })
    return secret
  }
}
