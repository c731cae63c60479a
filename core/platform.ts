import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import pino from 'pino'
import { AuditRepository } from './audit/audit-repository.ts'
import type { Config } from './config.ts'
import { openDatabase, type Database } from './db/database.ts'
import { migrateUp, takeLifecycleLock } from './db/migrator.ts'
import { EventDispatcher } from './events/dispatcher.ts'
import { AppSwitch } from './http/app-switch.ts'
import { buildApp, type MountedModuleInput } from './http/build-app.ts'
import type { CoreServices } from './http/core-services.ts'
import { RouteContractError } from './http/route-guard.ts'
import { coreRoutes } from './http/routes/index.ts'
import { Mailer } from './mail/mailer.ts'
import { buildExtension, isExtensionFactory, type ModuleManifest } from './modules/contract.ts'
import { dependencyOrder } from './modules/dependency-graph.ts'
import { ModuleCatalog } from './modules/module-catalog.ts'
import { createModuleContext } from './modules/module-context.ts'
import { MODULES_CHANNEL, ModuleService } from './modules/module-service.ts'
import { StoredSettingsCache } from './modules/stored-settings-cache.ts'
import { describeModule, type ModuleState } from './modules/module-status.ts'
import { bootstrapFirstAdmin } from './people/bootstrap.ts'
import { createPeopleServices } from './people/people-services.ts'
import { AUTH_CHANNEL, PrincipalResolver } from './people/principal.ts'
import { ProfileRepository } from './people/profile-repository.ts'
import { LOG_REDACT } from './security/log-redaction.ts'
import { createModuleTokens, type ModuleTokens } from './security/module-tokens.ts'
import { resolvePlatformSecret } from './security/platform-secret.ts'
import { SecretBox } from './security/secret-box.ts'

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const CORE_VERSION: string = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).version
const CORE_MIGRATIONS = path.join(projectRoot, 'migrations')

/**
 * The platform's pino logger. Errors are logged by type, message, code and stack only: database
 * errors carry their query parameters, which may be password hashes or tokens.
 */
export function createLogger (level: string, destination?: pino.DestinationStream): FastifyBaseLogger {
  return pino({
    level,
    redact: LOG_REDACT,
    serializers: {
      err: (error: Error & { code?: unknown }) => ({ type: error.name, message: error.message, code: error.code, stack: error.stack })
    }
  }, destination)
}

export interface PlatformOptions {
  config: Config
  /** Folders searched for module packages; defaults to the project's node_modules plus BACKROOM_MODULE_PATHS. */
  moduleRoots?: string[]
  /** An open database to use (tests); otherwise opened from the config. */
  database?: Database
  logger?: FastifyBaseLogger
  /** Where the first SuperAdmin's generated password is told; defaults to standard output. */
  announce?: (message: string) => void
}

function defaultModuleRoots (config: Config): string[] {
  const extra = config.BACKROOM_MODULE_PATHS?.split(path.delimiter).filter(Boolean) ?? []
  return [path.join(process.cwd(), 'node_modules'), ...extra.map(dir => path.resolve(dir))]
}

/**
 * One running Backroom: the database, the module registry and the current Fastify instance,
 * rebuilt and swapped in whenever the module set changes here or in another process.
 */
export class Platform {
  readonly config: Config
  readonly db: Database
  readonly log: FastifyBaseLogger
  readonly instanceId = randomUUID()
  readonly services: CoreServices
  readonly catalog: ModuleCatalog
  readonly switch: AppSwitch
  /** The core migrations Platform.create ran: none when the schema was already up to date. */
  coreMigrationsRun: readonly string[] = []
  readonly #secret: string
  readonly #settingsBox: SecretBox
  readonly #mailer: Mailer
  readonly #moduleTokens = new Map<string, ModuleTokens>()
  /** Extension implementations built from factories, per providing manifest (a new version of a module is a new manifest). */
  readonly #builtExtensions = new WeakMap<ModuleManifest, Map<string, unknown>>()
  #enabledManifests: ModuleManifest[] = []
  readonly #storedSettings: StoredSettingsCache
  readonly #events: EventDispatcher
  #ready = false
  #started = false
  #closed = false
  #unlisten: Array<() => Promise<void>> = []
  #running: Promise<void> = Promise.resolve()
  #queued: Promise<void> | undefined

  private constructor (options: PlatformOptions & { database: Database, secret: string }) {
    this.config = options.config
    this.db = options.database
    this.#secret = options.secret
    this.switch = new AppSwitch({ requestTimeoutSeconds: options.config.BACKROOM_REQUEST_TIMEOUT })
    this.log = options.logger ?? createLogger(options.config.LOG_LEVEL)
    this.#settingsBox = new SecretBox(options.secret, 'module-settings')
    this.#mailer = Mailer.fromConfig(options.config, this.log)
    this.catalog = new ModuleCatalog(options.moduleRoots ?? defaultModuleRoots(options.config))
    const notify = async (channel: string, payload: string, trx?: Parameters<Database['notify']>[2]) => { await this.db.notify(channel, `${this.instanceId}:${payload}`, trx) }
    const modules: ModuleService = new ModuleService({
      knex: this.db.knex,
      catalog: this.catalog,
      coreVersion: CORE_VERSION,
      settingsBox: this.#settingsBox,
      notify,
      contextFor: manifest => this.contextFor(manifest),
      onChanged: async () => { await this.reload() }
    })
    this.#storedSettings = new StoredSettingsCache(async module => (await modules.repository.find(module))?.settings ?? {})
    const principals = new PrincipalResolver(this.db.knex)
    this.services = {
      db: this.db,
      modules,
      audit: new AuditRepository(this.db.knex),
      principals,
      ...createPeopleServices({ db: this.db, principals, config: this.config, platformSecret: options.secret }),
      isReady: () => this.#ready
    }
    this.#events = new EventDispatcher({
      db: this.db,
      log: this.log,
      modules: () => this.#enabledManifests,
      contextFor: manifest => this.contextFor(manifest),
      pollInterval: this.config.BACKROOM_EVENT_POLL_INTERVAL
    })
  }

  /** Opens the database, runs the core migrations, and creates the first SuperAdmin if none exists. */
  static async create (options: PlatformOptions): Promise<Platform> {
    const dataDir = path.resolve(options.config.BACKROOM_DATA_DIR)
    const secret = resolvePlatformSecret(options.config.BACKROOM_SECRET, dataDir)
    const database = options.database ?? await openDatabase({ url: options.config.DATABASE_URL, pgliteDir: path.join(dataDir, 'pglite') })
    const platform = new Platform({ ...options, database, secret })
    const firstStart = await platform.migrateCore(options.announce ?? (message => process.stdout.write(message + '\n')))
    if (firstStart && options.config.BACKROOM_AUTO_INSTALL === 'true') {
      await platform.services.modules.installAllFound(message => platform.log.info(message))
    }
    return platform
  }

  get jwtSecret (): string {
    return this.#secret
  }

  /** The Fastify instance serving now (for app.inject in tests and tools). */
  get app (): FastifyInstance {
    const app = this.switch.app
    if (app === undefined) throw new Error('the platform has not started')
    return app
  }

  private async migrateCore (announce: (message: string) => void): Promise<boolean> {
    const profiles = new ProfileRepository(this.db.knex)
    return await this.db.knex.transaction(async trx => {
      await takeLifecycleLock(trx)
      this.coreMigrationsRun = await migrateUp(trx, 'core', CORE_MIGRATIONS)
      await profiles.syncCorePermissions(trx)
      await profiles.ensureDefaultProfiles(trx)
      return await bootstrapFirstAdmin(trx, this.config, announce)
    })
  }

  /** Mounts the module set and follows changes made by other processes. */
  async start (): Promise<void> {
    this.#started = true
    await this.reload()
    await this.#events.start()
    this.#unlisten.push(await this.db.listen(MODULES_CHANNEL, payload => {
      // Any process's change, this one's included: the settings it wrote are read again from now on.
      this.#storedSettings.forgetAll()
      if (!payload.startsWith(`${this.instanceId}:`)) void this.reload().catch(error => this.log.error({ err: error }, 'module set reload failed'))
    }))
    this.#unlisten.push(await this.db.listen(AUTH_CHANNEL, () => { this.services.principals.invalidate() }))
    this.#ready = true
    this.log.info(`outgoing mail goes to ${this.#mailer.destination}`)
  }

  async listen (port = this.config.PORT, host = this.config.HOST): Promise<{ port: number, host: string }> {
    const address = await this.switch.listen(port, host)
    this.log.info(`Backroom listening on http://${host}:${address.port}`)
    return { port: address.port, host }
  }

  /** Rebuilds the app for the current module set; calls made while one is queued share it. */
  async reload (): Promise<void> {
    // Every module change reloads: what it changed in a module's settings is read again from now on.
    this.#storedSettings.forgetAll()
    if (this.#queued !== undefined) return await this.#queued
    const next = this.#running.then(async () => {
      this.#queued = undefined
      // Before start (first-start installs) there is nothing to swap yet: start builds once.
      if (this.#started && !this.#closed) await this.rebuild()
    })
    this.#queued = next
    this.#running = next.catch(() => {})
    return await next
  }

  contextFor (manifest: ModuleManifest) {
    return createModuleContext({
      knex: this.db.knex,
      log: this.log,
      storedSettings: async module => await this.#storedSettings.get(module),
      settingsBox: this.#settingsBox,
      notify: async (channel, payload, trx) => { await this.db.notify(channel, payload, trx) },
      enabledManifests: () => this.#enabledManifests,
      tokens: module => this.tokensOf(module),
      mailer: this.#mailer,
      dataDir: path.resolve(this.config.BACKROOM_DATA_DIR),
      extensionOf: (provider, point) => this.extensionOf(provider, point)
    }, manifest)
  }

  private extensionOf (provider: ModuleManifest, point: string): unknown {
    const declared = provider.extends?.[point]
    if (!isExtensionFactory(declared)) return declared
    let built = this.#builtExtensions.get(provider)
    if (built === undefined) {
      built = new Map()
      this.#builtExtensions.set(provider, built)
    }
    if (!built.has(point)) built.set(point, buildExtension(declared, this.contextFor(provider)))
    return built.get(point)
  }

  private tokensOf (module: string): ModuleTokens {
    let tokens = this.#moduleTokens.get(module)
    if (tokens === undefined) {
      tokens = createModuleTokens(this.#secret, module)
      this.#moduleTokens.set(module, tokens)
    }
    return tokens
  }

  private async rebuild (): Promise<void> {
    const found = await this.catalog.scan()
    const records = await this.services.modules.repository.list()
    const serving = new Map<string, MountedModuleInput>()
    const unavailable: Array<{ name: string, state: ModuleState }> = []
    const loadOrder = dependencyOrder([...found.values()].filter(entry => entry.loaded !== undefined)
      .map(entry => ({ name: entry.name, requires: entry.loaded!.manifest.requires?.modules ?? {} }))).order
    const recordByName = new Map(records.map(record => [record.name, record]))
    for (const name of loadOrder) {
      const record = recordByName.get(name)
      if (record === undefined) continue
      const status = describeModule(name, record, found.get(name))
      const manifest = found.get(name)!.loaded!.manifest
      const missingDependency = Object.keys(manifest.requires?.modules ?? {}).find(dependency => !serving.has(dependency))
      if (status.state === 'enabled' && missingDependency === undefined) serving.set(name, { manifest, context: this.contextFor(manifest) })
      else unavailable.push({ name, state: status.state === 'enabled' ? 'failed' : status.state })
    }
    for (const record of records) {
      if (!serving.has(record.name) && !unavailable.some(entry => entry.name === record.name)) {
        unavailable.push({ name: record.name, state: describeModule(record.name, record, found.get(record.name)).state })
      }
    }
    for (;;) {
      try {
        const app = await this.build([...serving.values()], unavailable)
        this.#enabledManifests = [...serving.values()].map(module => module.manifest)
        // Install, upgrade and uninstall change what profiles hold; every process rebuilds after them.
        this.services.principals.invalidate()
        this.switch.swap(app)
        return
      } catch (error) {
        if (!(error instanceof RouteContractError) || !serving.has(error.module)) throw error
        this.log.error({ module: error.module, err: error }, 'module failed to register its routes')
        serving.delete(error.module)
        unavailable.push({ name: error.module, state: 'failed' })
        await this.services.modules.repository.setState(error.module, 'failed', error.message)
      }
    }
  }

  private async build (mounted: MountedModuleInput[], unavailable: Array<{ name: string, state: ModuleState }>): Promise<FastifyInstance> {
    const app = await buildApp({
      logger: this.log,
      jwtSecret: this.#secret,
      accessTokenTtl: this.config.BACKROOM_ACCESS_TOKEN_TTL,
      services: this.services,
      coreVersion: CORE_VERSION,
      coreRoutes,
      mounted,
      unavailable
    })
    await app.ready()
    return app
  }

  /** Stops delivering events, drains in-flight requests, stops following changes, and closes the mailer and the database. */
  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#ready = false
    // First of all, so no new connection comes in while the rest winds down.
    void this.switch.stopAccepting()
    await this.#events.stop()
    await this.#running
    for (const unlisten of this.#unlisten) await unlisten()
    await this.switch.close()
    this.#mailer.close()
    await this.db.close()
  }
}
