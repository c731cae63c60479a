import type { Knex } from 'knex'
import type { TObject } from 'typebox'
import { coreErrors } from '../errors/index.ts'
import { withDetails } from '../errors/define-errors.ts'
import { migrateDownAndDrop, migrateUp, takeLifecycleLock } from '../db/migrator.ts'
import { forgetSubscriptions, registerSubscriptions } from '../events/subscriptions.ts'
import type { SecretBox } from '../security/secret-box.ts'
import type { ModuleContext, ModuleManifest } from './contract.ts'
import { dependencyOrder, modulesInCycles, satisfies } from './dependency-graph.ts'
import type { LoadedModule } from './manifest-loader.ts'
import type { FoundModule, ModuleCatalog } from './module-catalog.ts'
import { ModuleRepository, qualifyPermissions, type ModuleRecord } from './module-repository.ts'
import { publicSettings, updateSettings } from './module-settings.ts'
import { describeModule, upgradePending, type ModuleStatus } from './module-status.ts'

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

/**
 * One lifecycle action. The lock serializes actions across processes, so whether the action fits
 * the module's state is decided under it: two processes installing at once install once.
 */
interface LifecycleChange<Checked> {
  /** Refuses the action (a BR_* error) from the module's record as it is under the lock; nothing is written yet. */
  check: (record: ModuleRecord | undefined, trx: Knex.Transaction) => Promise<Checked>
  /** The change itself; it runs module code (migrations, lifecycle hooks), which may throw. */
  apply: (checked: Checked, trx: Knex.Transaction) => Promise<void>
  /**
   * What a failed change leaves besides the rolled-back database: a module whose install, enable
   * or upgrade failed cannot be trusted to serve and is `failed`; one whose disable or uninstall
   * failed keeps its state. Either way the error is its last error.
   */
  onFailure: 'failed' | 'keep-state'
}

type InstalledRecord = ModuleRecord & { version: string }

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
    const { loaded } = await this.prepare(name)
    await this.change(name, {
      onFailure: 'failed',
      check: async (record, trx) => {
        if (record !== undefined && record.state !== 'failed') throw new coreErrors.BR_MODULE_STATE(`Module ${name} is already installed`)
        if (record?.version != null) throw new coreErrors.BR_MODULE_STATE(`Module ${name} is installed but failed: enable it to retry`)
        await this.checkRequirements(loaded.manifest, trx)
      },
      apply: async (_checked, trx) => {
        const context = this.options.contextFor(loaded.manifest)
        await migrateUp(trx, name, loaded.manifest.migrations)
        await this.registerPermissions(loaded.manifest, trx)
        await registerSubscriptions(trx, loaded.manifest)
        await loaded.manifest.lifecycle?.install?.(context, trx)
        await loaded.manifest.lifecycle?.enable?.(context, trx)
        await this.repository.upsert({ name, version: loaded.manifest.version, state: 'enabled', installed: true }, trx)
      }
    })
    return await this.get(name)
  }

  async enable (name: string): Promise<ModuleStatus> {
    const { found, loaded } = await this.prepare(name)
    await this.change(name, {
      onFailure: 'failed',
      check: async (record, trx) => {
        const installed = this.installed(name, record)
        if (upgradePending(installed, loaded.manifest)) throw new coreErrors.BR_MODULE_STATE(`Module ${name} has an upgrade pending: upgrade it first`)
        if (describeModule(name, installed, found).state === 'enabled') throw new coreErrors.BR_MODULE_STATE(`Module ${name} is already enabled`)
        await this.checkRequirements(loaded.manifest, trx)
      },
      apply: async (_checked, trx) => {
        await loaded.manifest.lifecycle?.enable?.(this.options.contextFor(loaded.manifest), trx)
        await this.repository.setState(name, 'enabled', null, trx)
      }
    })
    return await this.get(name)
  }

  async disable (name: string): Promise<ModuleStatus> {
    const loaded = (await this.options.catalog.scan()).get(name)?.loaded
    await this.change(name, {
      onFailure: 'keep-state',
      check: async (record, trx) => {
        const installed = this.installed(name, record)
        if (installed.state === 'disabled') throw new coreErrors.BR_MODULE_STATE(`Module ${name} is already disabled`)
        const dependents = await this.dependents(name, dependent => dependent.state === 'enabled', trx)
        if (dependents.length > 0) throw withDetails(new coreErrors.BR_MODULE_DEPENDENCY(`Module ${name} is required by enabled module(s) ${dependents.join(', ')}`), { dependents })
        return installed
      },
      apply: async (installed, trx) => {
        if (loaded !== undefined && installed.state === 'enabled') await loaded.manifest.lifecycle?.disable?.(this.options.contextFor(loaded.manifest), trx)
        await this.repository.setState(name, 'disabled', null, trx)
      }
    })
    return await this.get(name)
  }

  async uninstall (name: string, confirm: string | undefined): Promise<ModuleStatus | { name: string, state: 'available' | 'removed' }> {
    if (confirm !== name) throw new coreErrors.BR_MODULE_CONFIRMATION_REQUIRED(name, name)
    const loaded = (await this.options.catalog.scan()).get(name)?.loaded
    await this.change(name, {
      onFailure: 'keep-state',
      check: async (record, trx) => {
        // A record without a version is an install that failed: nothing of it is left but the record.
        if (record === undefined) throw this.notInstalled(name)
        const dependents = await this.dependents(name, dependent => dependent.version !== null, trx)
        if (dependents.length > 0) throw withDetails(new coreErrors.BR_MODULE_DEPENDENCY(`Module ${name} is required by installed module(s) ${dependents.join(', ')}`), { dependents })
        return record
      },
      apply: async (record, trx) => {
        if (loaded !== undefined && record.version !== null) {
          // The mirror of install, which runs the install then the enable hook.
          const context = this.options.contextFor(loaded.manifest)
          if (record.state === 'enabled') await loaded.manifest.lifecycle?.disable?.(context, trx)
          await loaded.manifest.lifecycle?.uninstall?.(context, trx)
        }
        await migrateDownAndDrop(trx, name, loaded?.manifest.migrations)
        await forgetSubscriptions(trx, name)
        await trx.withSchema('core').from('permissions').where({ module: name }).delete()
        await this.repository.remove(name, trx)
      }
    })
    return this.options.catalog.found.has(name) ? await this.get(name) : { name, state: 'removed' }
  }

  async upgrade (name: string): Promise<ModuleStatus> {
    const { loaded } = await this.prepare(name)
    await this.change(name, {
      onFailure: 'failed',
      check: async (record, trx) => {
        const installed = this.installed(name, record)
        if (!upgradePending(installed, loaded.manifest)) throw new coreErrors.BR_MODULE_STATE(`Module ${name} has no upgrade pending (installed ${installed.version}, found ${loaded.manifest.version})`)
        await this.checkRequirements(loaded.manifest, trx)
        return installed
      },
      apply: async (installed, trx) => {
        await migrateUp(trx, name, loaded.manifest.migrations)
        await this.registerPermissions(loaded.manifest, trx)
        await registerSubscriptions(trx, loaded.manifest)
        await loaded.manifest.lifecycle?.upgrade?.(this.options.contextFor(loaded.manifest), trx, installed.version)
        await this.repository.upsert({ name, version: loaded.manifest.version, state: installed.state === 'disabled' ? 'disabled' : 'enabled' }, trx)
      }
    })
    return await this.get(name)
  }

  async getSettings (name: string): Promise<{ values: Record<string, unknown>, secrets: Record<string, boolean> }> {
    const { schema, record } = await this.settingsTarget(name)
    return publicSettings(schema, record.settings)
  }

  async putSettings (name: string, body: Record<string, unknown>): Promise<{ values: Record<string, unknown>, secrets: Record<string, boolean> }> {
    const { schema } = await this.settingsTarget(name)
    const settings = await this.transaction(async trx => {
      const record = (await this.repository.find(name, trx))!
      const result = updateSettings(schema, record.settings, body, this.options.settingsBox)
      if ('problems' in result) {
        throw withDetails(new coreErrors.BR_VALIDATION(result.problems.map(p => `${p.path} ${p.message}`).join('; ')), result.problems)
      }
      await this.repository.saveSettings(name, result.stored, trx)
      await this.options.notify(MODULES_CHANNEL, name, trx)
      return publicSettings(schema, result.stored)
    })
    await this.options.onChanged()
    return settings
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

  /** The module's code, loaded; install, enable and upgrade need it. */
  private async prepare (name: string): Promise<{ found: FoundModule, loaded: LoadedModule }> {
    const found = (await this.options.catalog.scan()).get(name)
    if (found === undefined) {
      if (await this.repository.find(name) !== undefined) throw new coreErrors.BR_MODULE_STATE(`The code of module ${name} is no longer installed`)
      throw new coreErrors.BR_MODULE_NOT_FOUND(name)
    }
    if (found.loaded === undefined) throw new coreErrors.BR_MODULE_FAILED(name, found.error ?? 'not loaded')
    return { found, loaded: found.loaded }
  }

  private installed (name: string, record: ModuleRecord | undefined): InstalledRecord {
    if (record?.version == null) throw this.notInstalled(name)
    return record as InstalledRecord
  }

  private notInstalled (name: string): Error {
    return this.options.catalog.found.has(name) ? new coreErrors.BR_MODULE_STATE(`Module ${name} is not installed`) : new coreErrors.BR_MODULE_NOT_FOUND(name)
  }

  private async checkRequirements (manifest: ModuleManifest, trx: Knex.Transaction): Promise<void> {
    const problems: string[] = []
    const coreRange = manifest.requires?.core
    if (coreRange !== undefined && !satisfies(this.options.coreVersion, coreRange)) {
      problems.push(`requires core ${coreRange} but the core is ${this.options.coreVersion}`)
    }
    const records = new Map((await this.repository.list(trx)).map(record => [record.name, record]))
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

  /** Modules with a record that passes the filter whose code requires the named one. */
  private async dependents (name: string, filter: (record: ModuleRecord) => boolean, trx: Knex.Transaction): Promise<string[]> {
    const records = await this.repository.list(trx)
    return records.filter(record => record.name !== name && filter(record))
      .filter(record => this.options.catalog.found.get(record.name)?.loaded?.manifest.requires?.modules?.[name] !== undefined)
      .map(record => record.name)
  }

  private async registerPermissions (manifest: ModuleManifest, trx: Knex.Transaction): Promise<void> {
    const declared = qualifyPermissions(manifest.name, manifest.permissions)
    const added = new Set(await this.repository.syncPermissions(manifest.name, Object.fromEntries(declared.map(p => [p.key, p.description])), trx))
    await this.repository.grantToDefaultProfiles(declared.filter(p => added.has(p.key)).flatMap(p => p.profiles.map(profile => ({ permission: p.key, profile }))), trx)
  }

  /**
   * Runs a lifecycle action under the lock and swaps in the new module set. When the change
   * itself throws, the database is as it was and the failure is recorded as onFailure says.
   */
  private async change<Checked> (name: string, action: LifecycleChange<Checked>): Promise<void> {
    let before: ModuleRecord | undefined
    let checked = false
    try {
      await this.transaction(async trx => {
        before = await this.repository.find(name, trx)
        const value = await action.check(before, trx)
        checked = true
        await action.apply(value, trx)
        await this.options.notify(MODULES_CHANNEL, name, trx)
      })
    } catch (error) {
      if (!checked) throw error
      const message = (error as Error).message
      if (action.onFailure === 'keep-state' && before !== undefined) await this.repository.setState(name, before.state, message)
      else await this.repository.upsert({ name, version: before?.version ?? null, state: 'failed', lastError: message })
      await this.options.notify(MODULES_CHANNEL, name)
      await this.options.onChanged()
      throw new coreErrors.BR_MODULE_FAILED(name, message, { cause: error })
    }
    await this.options.onChanged()
  }

  private async transaction<T> (work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return await this.options.knex.transaction(async trx => {
      await takeLifecycleLock(trx)
      return await work(trx)
    })
  }
}

