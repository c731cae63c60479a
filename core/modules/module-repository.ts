import type { Knex } from 'knex'
import type { PermissionDeclaration } from './contract.ts'

export type StoredModuleState = 'enabled' | 'disabled' | 'failed'

export interface ModuleRecord {
  name: string
  version: string | null
  state: StoredModuleState
  lastError: string | null
  settings: Record<string, unknown>
  installedAt: Date | null
  updatedAt: Date
}

interface ModuleRow {
  name: string
  version: string | null
  state: StoredModuleState
  last_error: string | null
  settings: Record<string, unknown>
  installed_at: Date | null
  updated_at: Date
}

const toRecord = (row: ModuleRow): ModuleRecord => ({
  name: row.name,
  version: row.version,
  state: row.state,
  lastError: row.last_error,
  settings: row.settings,
  installedAt: row.installed_at,
  updatedAt: row.updated_at
})

/** SQL for the core's record of installed modules and the permissions they declare. */
export class ModuleRepository {
  constructor (private readonly knex: Knex) {}

  async list (trx: Knex = this.knex): Promise<ModuleRecord[]> {
    const rows: ModuleRow[] = await trx.withSchema('core').from('modules').select('*').orderBy('name')
    return rows.map(toRecord)
  }

  async find (name: string, trx: Knex = this.knex): Promise<ModuleRecord | undefined> {
    const row: ModuleRow | undefined = await trx.withSchema('core').from('modules').where({ name }).first()
    return row === undefined ? undefined : toRecord(row)
  }

  async upsert (record: { name: string, version: string | null, state: StoredModuleState, lastError?: string | null, installed?: boolean }, trx: Knex = this.knex): Promise<void> {
    const row = { name: record.name, version: record.version, state: record.state, last_error: record.lastError ?? null, updated_at: trx.fn.now() }
    await trx.withSchema('core').into('modules')
      .insert({ ...row, installed_at: record.installed === true ? trx.fn.now() : null })
      .onConflict('name').merge(record.installed === true ? { ...row, installed_at: trx.fn.now() } : row)
  }

  async setState (name: string, state: StoredModuleState, lastError: string | null, trx: Knex = this.knex): Promise<void> {
    await trx.withSchema('core').from('modules').where({ name }).update({ state, last_error: lastError, updated_at: trx.fn.now() })
  }

  async saveSettings (name: string, settings: Record<string, unknown>, trx: Knex = this.knex): Promise<void> {
    await trx.withSchema('core').from('modules').where({ name }).update({ settings: JSON.stringify(settings), updated_at: trx.fn.now() })
  }

  async remove (name: string, trx: Knex = this.knex): Promise<void> {
    await trx.withSchema('core').from('modules').where({ name }).delete()
  }

  /** Makes the stored permissions of a module exactly the declared ones. */
  async syncPermissions (module: string, declared: Record<string, string>, trx: Knex): Promise<string[]> {
    const keys = Object.keys(declared)
    await trx.withSchema('core').from('permissions').where({ module }).whereNotIn('key', keys).delete()
    const existing = new Set((await trx.withSchema('core').from('permissions').where({ module }).pluck('key')) as string[])
    if (keys.length > 0) {
      await trx.withSchema('core').into('permissions')
        .insert(keys.map(key => ({ key, module, description: declared[key] })))
        .onConflict('key').merge(['description', 'module'])
    }
    return keys.filter(key => !existing.has(key))
  }

  /** Grants newly declared permissions to the default profiles the module names for them. */
  async grantToDefaultProfiles (grants: Array<{ permission: string, profile: string }>, trx: Knex): Promise<void> {
    for (const { permission, profile } of grants) {
      await trx.raw(`insert into core.profile_permissions (profile_id, permission)
        select id, ? from core.profiles where name = ? and builtin on conflict do nothing`, [permission, profile])
    }
  }
}

/** Full permission keys of a manifest's declarations, with their descriptions and default profiles. */
export function qualifyPermissions (module: string, declared: Record<string, PermissionDeclaration> | undefined): Array<{ key: string, description: string, profiles: string[] }> {
  return Object.entries(declared ?? {}).map(([key, declaration]) => ({ key: `${module}.${key}`, description: declaration.description, profiles: declaration.profiles ?? [] }))
}
