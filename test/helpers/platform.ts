import { mkdtempSync, rmSync, symlinkSync, cpSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyBaseLogger, FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { loadConfig } from '../../core/config.ts'
import type { Database } from '../../core/db/database.ts'
import { signAccessToken } from '../../core/people/access-tokens.ts'
import { Platform, createLogger } from '../../core/platform.ts'
import { openTestDatabase } from './database.ts'

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/modules')
export const ADMIN_EMAIL = 'admin@shop.test'
export const ADMIN_PASSWORD = 'correct horse battery staple'
export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hkdf-0123456789'

interface TestContext { teardown: (fn: () => Promise<void> | void) => void }

/** A folder of module packages holding exactly the named fixtures: linked, or copied when they will be changed. */
export function moduleFolder (t: TestContext, fixtures: string[], options: { copy?: boolean } = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'backroom-modules-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  for (const name of fixtures) {
    const source = path.join(FIXTURES, name)
    if (options.copy === true) cpSync(source, path.join(dir, name), { recursive: true })
    else symlinkSync(source, path.join(dir, name), 'dir')
  }
  return dir
}

export interface StartOptions {
  /** Fixture modules visible to the platform (none by default). */
  modules?: string[]
  /** Folders of module packages, instead of fixtures. */
  moduleRoots?: string[]
  /** Extra environment, on top of the test defaults. */
  env?: Record<string, string>
  database?: Database
  /** Fixtures to install (and so enable) once started. */
  install?: string[]
  listen?: boolean
  /** Where the platform logs; by default nowhere unless TEST_LOG_LEVEL says so. */
  logger?: FastifyBaseLogger
}

export interface TestPlatform {
  platform: Platform
  readonly app: FastifyInstance
  database: Database
  /** Base URL when started with listen: true. */
  url: string
  adminId: number
  tokenFor (employeeId: number): string
  /** app.inject as the first SuperAdmin unless headers say otherwise. */
  asAdmin (options: InjectOptions): Promise<LightMyRequestResponse>
  announcements: string[]
}

export async function startPlatform (t: TestContext, options: StartOptions = {}): Promise<TestPlatform> {
  const database = options.database ?? await openTestDatabase(t)
  const dataDir = mkdtempSync(path.join(tmpdir(), 'backroom-data-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const config = loadConfig({
    BACKROOM_DATA_DIR: dataDir,
    BACKROOM_SECRET: TEST_SECRET,
    BACKROOM_ADMIN_EMAIL: ADMIN_EMAIL,
    BACKROOM_ADMIN_PASSWORD: ADMIN_PASSWORD,
    BACKROOM_AUTO_INSTALL: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env
  })
  const moduleRoots = options.moduleRoots ?? [moduleFolder(t, options.modules ?? [])]
  const announcements: string[] = []
  const platform = await Platform.create({ config, database, moduleRoots, logger: options.logger ?? createLogger(config.LOG_LEVEL), announce: message => announcements.push(message) })
  t.teardown(async () => { await platform.close() })
  await platform.start()
  let url = ''
  if (options.listen === true) {
    const address = await platform.listen(0, '127.0.0.1')
    url = `http://127.0.0.1:${address.port}`
  }
  const admin = await database.knex.withSchema('core').from('employees').whereRaw('lower(email) = ?', [ADMIN_EMAIL]).first('id')
  const tokenFor = (employeeId: number): string => signAccessToken(platform.app, employeeId)
  for (const name of options.install ?? []) await platform.services.modules.install(name)
  return {
    platform,
    get app () { return platform.app },
    database,
    url,
    adminId: admin?.id,
    tokenFor,
    asAdmin: async (inject: InjectOptions) => await platform.app.inject({ ...inject, headers: { authorization: `Bearer ${tokenFor(admin.id)}`, ...inject.headers } }),
    announcements
  }
}
