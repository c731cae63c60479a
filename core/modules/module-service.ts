import type { Knex } from 'knex'
import type { TObject } from 'typebox'
import { coreErrors } from '../errors/index.ts'
import { withDetails } from '../errors/define-errors.ts'
import { migrateDownAndDrop, migrateUp, takeLifecycleLock } from '../db/migrator.ts'
import type { SecretBox } from '../security/secret-box.ts'
import type { ModuleContext, ModuleManifest } from './contract.ts'
import { dependencyOrder, modulesInCycles, satisfies } from './dependency-graph.ts'
import type { LoadedModule } from './manifest-loader.ts'
import type { ModuleCatalog } from './module-catalog.ts'
import { ModuleRepository, qualifyPermissions, type ModuleRecord } from './module-repository.ts'
import { publicSettings, updateSettings } from './module-settings.ts'
import { describeModule, type ModuleStatus } from './module-status.ts'

export const MODULES_CHANNEL = 'backroom_modules'

export interface ModuleServiceOptions {
  knex: Knex
  catalog: ModuleCatalog
  coreVersion: string
  settingsBox: SecretBox
  notify: (channel: string, payload: string, trx?: Knex.Transaction) => Promise<void>
  contextFor: (manifest: ModuleManifest) => ModuleContext
  /** Called after every committed change, to swap in the new module set in this process. */
  onChanged: () => Promise<void>
}


/** Install, enable, disable, uninstall and upgrade: the one service behind the CLI and the HTTP API. */
export class ModuleService {
  readonly repository: ModuleRepository

  constructor (private readonly options: ModuleServiceOptions) {
    this.repository = new ModuleRepository(options.knex)
  }

  async list (): Promise<ModuleStatus[]> {
    const found = await this.options.catalog.scan()
    const records = new Map((await this.repository.list()).map(record => [record.name, record]))
    const names = [...new Set([...found.keys(), ...records.keys()])].sort()
    return names.map(name => describeModule(name, records.get(name), found.get(name)))
  }

  async get (name: string): Promise<ModuleStatus> {
    const status = (await this.list()).find(module => module.name === name)
    if (status === undefined) throw new coreErrors.BR_MODULE_NOT_FOUND(name)
    return status
  }

  async install (name: string): Promise<ModuleStatus> {
    const { loaded, record } = await this.prepare(name)
    if (record !== undefined && record.state !== 'failed') throw new coreErrors.BR_MODULE_STATE(`Module ${name} is already installed`)
    if (record?.version != null) throw new coreErrors.BR_MODULE_STATE(`Module ${name} is installed but failed: enable it to retry`)
    await this.checkRequirements(loaded.manifest)
    await this.change(loaded.manifest, async (trx, context) => {
      await migrateUp(trx, name, loaded.manifest.migrations)
      await this.registerPermissions(loaded.manifest, trx)
      await loaded.manifest.lifecycle?.install?.(context, trx)
      await loaded.manifest.lifecycle?.enable?.(context, trx)
      await this.repository.upsert({ name, version: loaded.manifest.version, state: 'enabled', installed: true }, trx)
    }, record)
    return await this.get(name)
  }

  async enable (name: string): Promise<ModuleStatus> {
    const { loaded, record } = await this.prepare(name)
    const status = await this.get(name)
    if (record === undefined || record.version === null) throw new coreErrors.BR_MODULE_STATE(`Module ${name} is not installed`)
    if (status.state === 'upgrade-pending') throw new coreErrors.BR_MODULE_STATE(`Module ${name} has an upgrade pending: upgrade it first`)
    if (status.state === 'enabled') throw new coreErrors.BR_MODULE_STATE(`Module ${name} is already enabled`)
    await this.checkRequirements(loaded.manifest)
    await this.change(loaded.manifest, async (trx, context) => {
      await loaded.manifest.lifecycle?.enable?.(context, trx)
      await this.repository.setState(name, 'enabled', null, trx)
    }, record)
    return await this.get(name)
  }

  async disable (name: string): Promise<ModuleStatus> {
    const record = await this.repository.find(name)
    if (record === undefined || record.version === null) throw new coreErrors.BR_MODULE_STATE(`Module ${name} is not installed`)
    if (record.state === 'disabled') throw new coreErrors.BR_MODULE_STATE(`Module ${name} is already disabled`)
    const dependents = await this.dependents(name, state => state === 'enabled')
    if (dependents.length > 0) throw withDetails(new coreErrors.BR_MODULE_DEPENDENCY(`Module ${name} is required by enabled module(s) ${dependents.join(', ')}`), { dependents })
    const loaded = this.options.catalog.found.get(name)?.loaded
    await this.transaction(async trx => {
      if (loaded !== undefined && record.state === 'enabled') await loaded.manifest.lifecycle?.disable?.(this.options.contextFor(loaded.manifest), trx)
      await this.repository.setState(name, 'disabled', null, trx)
    })
    return await this.get(name)
  }

  async uninstall (name: string, confirm: string | undefined): Promise<ModuleStatus | { name: string, state: 'available' | 'removed' }> {
    if (confirm !== name) throw new coreErrors.BR_MODULE_CONFIRMATION_REQUIRED(name, name)
    const record = await this.repository.find(name)
    await this.options.catalog.scan()
    if (record === undefined) throw new coreErrors.BR_MODULE_STATE(`Module ${name} is not installed`)
    const dependents = await this.dependents(name, () => true)
    if (dependents.length > 0) throw withDetails(new coreErrors.BR_MODULE_DEPENDENCY(`Module ${name} is required by installed module(s) ${dependents.join(', ')}`), { dependents })
    const loaded = this.options.catalog.found.get(name)?.loaded
    await this.transaction(async trx => {
      if (loaded !== undefined) await loaded.manifest.lifecycle?.uninstall?.(this.options.contextFor(loaded.manifest), trx)
      await migrateDownAndDrop(trx, name, loaded?.manifest.migrations)
      await trx.withSchema('core').from('permissions').where({ module: name }).delete()
      await this.repository.remove(name, trx)
    })
    return this.options.catalog.found.has(name) ? await this.get(name) : { name, state: 'removed' }
  }

  async upgrade (name: string): Promise<ModuleStatus> {
    const { loaded, record } = await this.prepare(name)
    const status = await this.get(name)
    if (record?.version == null) throw new coreErrors.BR_MODULE_STATE(`Module ${name} is not installed`)
    if (status.state !== 'upgrade-pending') throw new coreErrors.BR_MODULE_STATE(`Module ${name} has no upgrade pending (installed ${record.version}, found ${status.foundVersion})`)
    await this.checkRequirements(loaded.manifest)
    const fromVersion = record.version
    await this.change(loaded.manifest, async (trx, context) => {
      await migrateUp(trx, name, loaded.manifest.migrations)
      await this.registerPermissions(loaded.manifest, trx)
      await loaded.manifest.lifecycle?.upgrade?.(context, trx, fromVersion)
      await this.repository.upsert({ name, version: loaded.manifest.version, state: record.state === 'disabled' ? 'disabled' : 'enabled' }, trx)
    }, record)
    return await this.get(name)
  }

  async getSettings (name: string): Promise<{ values: Record<string, unknown>, secrets: Record<string, boolean> }> {
    const { schema, record } = await this.settingsTarget(name)
    return publicSettings(schema, record.settings)
  }

  async putSettings (name: string, body: Record<string, unknown>): Promise<{ values: Record<string, unknown>, secrets: Record<string, boolean> }> {
    const { schema } = await this.settingsTarget(name)
    return await this.transaction(async trx => {
      const record = (await this.repository.find(name, trx))!
      const result = updateSettings(schema, record.settings, body, this.options.settingsBox)
      if ('problems' in result) {
        throw withDetails(new coreErrors.BR_VALIDATION(result.problems.map(p => `${p.path} ${p.message}`).join('; ')), result.problems)
      }
      await this.repository.saveSettings(name, result.stored, trx)
      return publicSettings(schema, result.stored)
    })
  }

  /** Installs and enables every module found and not yet installed, in dependency order. */
  async installAllFound (log: (message: string) => void): Promise<void> {
    const found = await this.options.catalog.scan()
    const installed = new Set((await this.repository.list()).map(record => record.name))
    const nodes = [...found.values()].filter(entry => entry.loaded !== undefined)
      .map(entry => ({ name: entry.name, requires: entry.loaded!.manifest.requires?.modules ?? {} }))
    for (const name of dependencyOrder(nodes).order) {
      if (installed.has(name)) continue
      try {
        await this.install(name)
        log(`installed module ${name}`)
      } catch (error) {
        log(`module ${name} was not installed: ${(error as Error).message}`)
      }
    }
  }

  private async settingsTarget (name: string): Promise<{ schema: TObject, record: ModuleRecord }> {
    const status = await this.get(name)
    const record = await this.repository.find(name)
    if (record === undefined) throw new coreErrors.BR_MODULE_STATE(`Module ${status.name} is not installed`)
    const schema = this.options.catalog.found.get(name)?.loaded?.manifest.settings
    if (schema === undefined) throw new coreErrors.BR_MODULE_NO_SETTINGS(name)
    return { schema, record }
  }

  private async prepare (name: string): Promise<{ loaded: LoadedModule, record: ModuleRecord | undefined }> {
    const found = (await this.options.catalog.scan()).get(name)
    const record = await this.repository.find(name)
    if (found === undefined) {
      if (record !== undefined) throw new coreErrors.BR_MODULE_STATE(`The code of module ${name} is no longer installed`)
      throw new coreErrors.BR_MODULE_NOT_FOUND(name)
    }
    if (found.loaded === undefined) throw new coreErrors.BR_MODULE_FAILED(name, found.error ?? 'not loaded')
    return { loaded: found.loaded, record }
  }

  private async checkRequirements (manifest: ModuleManifest): Promise<void> {
    const problems: string[] = []
    const coreRange = manifest.requires?.core
    if (coreRange !== undefined && !satisfies(this.options.coreVersion, coreRange)) {
      problems.push(`requires core ${coreRange} but the core is ${this.options.coreVersion}`)
    }
    const records = new Map((await this.repository.list()).map(record => [record.name, record]))
    for (const [dependency, range] of Object.entries(manifest.requires?.modules ?? {})) {
      const record = records.get(dependency)
      const found = this.options.catalog.found.get(dependency)
      if (record?.version == null) problems.push(found === undefined ? `requires module ${dependency} ${range}, which is not found` : `requires module ${dependency} ${range}, which is not installed`)
      else if (!satisfies(record.version, range)) problems.push(`requires module ${dependency} ${range} but ${record.version} is installed`)
      else if (record.state !== 'enabled') problems.push(`requires module ${dependency}, which is ${record.state}`)
    }
    const nodes = [...this.options.catalog.found.values()].filter(entry => entry.loaded !== undefined)
      .map(entry => ({ name: entry.name, requires: entry.loaded!.manifest.requires?.modules ?? {} }))
    const cycle = modulesInCycles(dependencyOrder(nodes).cycles).get(manifest.name)
    if (cycle !== undefined) problems.push(`is part of the dependency cycle ${cycle}`)
    if (problems.length > 0) {
      throw withDetails(new coreErrors.BR_MODULE_DEPENDENCY(`Module ${manifest.name} ${problems.join('; ')}`), { problems })
    }
  }

  /** Installed modules (or those in the given states) whose code requires the named one. */
  private async dependents (name: string, inState: (state: string) => boolean): Promise<string[]> {
    const records = await this.repository.list()
    return records.filter(record => record.name !== name && inState(record.state))
      .filter(record => this.options.catalog.found.get(record.name)?.loaded?.manifest.requires?.modules?.[name] !== undefined)
      .map(record => record.name)
  }

  private async registerPermissions (manifest: ModuleManifest, trx: Knex.Transaction): Promise<void> {
    const declared = qualifyPermissions(manifest.name, manifest.permissions)
    const added = new Set(await this.repository.syncPermissions(manifest.name, Object.fromEntries(declared.map(p => [p.key, p.description])), trx))
    await this.repository.grantToDefaultProfiles(declared.filter(p => added.has(p.key)).flatMap(p => p.profiles.map(profile => ({ permission: p.key, profile }))), trx)
  }

  /** Runs a change that may fail in module code: on failure the database is as it was and the module is marked failed. */
  private async change (manifest: ModuleManifest & { version: string }, work: (trx: Knex.Transaction, context: ModuleContext) => Promise<void>, record: ModuleRecord | undefined): Promise<void> {
    try {
      await this.transaction(async trx => { await work(trx, this.options.contextFor(manifest)) })
    } catch (error) {
      const message = (error as Error).message
      await this.repository.upsert({ name: manifest.name, version: record?.version ?? null, state: 'failed', lastError: message })
      await this.options.notify(MODULES_CHANNEL, manifest.name)
      await this.options.onChanged()
      throw new coreErrors.BR_MODULE_FAILED(manifest.name, message, { cause: error })
    }
  }

  private async transaction<T> (work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    const result = await this.options.knex.transaction(async trx => {
      await takeLifecycleLock(trx)
      const value = await work(trx)
      await this.options.notify(MODULES_CHANNEL, 'changed', trx)
      return value
    })
    await this.options.onChanged()
    return result
  }
}

