import type { Knex } from 'knex'
import { withDetails } from '../errors/define-errors.ts'
import { coreErrors } from '../errors/index.ts'
import { DEFAULT_PROFILES } from '../modules/contract.ts'
import { CORE_PERMISSIONS } from './core-permissions.ts'
import { isForeignKeyViolation, isUniqueViolation } from './database-errors.ts'

export interface ProfileRecord {
  id: number
  name: string
  allPermissions: boolean
  builtin: boolean
  /** The permissions the profile holds: every declared one when allPermissions is set. */
  permissions: string[]
}

export interface PermissionRecord {
  key: string
  module: string
  description: string
}

interface ProfileRow { id: number, name: string, all_permissions: boolean, builtin: boolean }

const NAME_UNIQUE = 'profiles_name_unique'
const EMPLOYEE_PROFILE_FOREIGN_KEY = 'employees_profile_id_foreign'

/** SQL for profiles, the permissions they hold, and the permissions the core and modules declare. */
export class ProfileRepository {
  constructor (private readonly knex: Knex) {}

  /** The core's own permissions, kept equal to CORE_PERMISSIONS at every start. */
  async syncCorePermissions (trx: Knex = this.knex): Promise<void> {
    const keys = Object.keys(CORE_PERMISSIONS)
    await trx.withSchema('core').from('permissions').where({ module: 'core' }).whereNotIn('key', keys).delete()
    await trx.withSchema('core').into('permissions')
      .insert(Object.entries(CORE_PERMISSIONS).map(([key, description]) => ({ key, module: 'core', description })))
      .onConflict('key').merge(['description'])
  }

  /** The four profiles of a classic back office; SuperAdmin holds every permission. */
  async ensureDefaultProfiles (trx: Knex = this.knex): Promise<void> {
    await trx.withSchema('core').into('profiles')
      .insert(DEFAULT_PROFILES.map(name => ({ name, builtin: true, all_permissions: name === 'SuperAdmin' })))
      .onConflict('name').ignore()
  }

  async findByName (name: string, trx: Knex = this.knex): Promise<ProfileRecord | undefined> {
    const row = await trx.withSchema('core').from('profiles').where({ name }).first()
    return row === undefined ? undefined : await this.withPermissions(row, trx)
  }

  async find (id: number, trx: Knex = this.knex): Promise<ProfileRecord | undefined> {
    const row = await trx.withSchema('core').from('profiles').where({ id }).first()
    return row === undefined ? undefined : await this.withPermissions(row, trx)
  }

  /** The profile, locked until the transaction ends. */
  async lock (id: number, trx: Knex.Transaction): Promise<ProfileRecord | undefined> {
    const row = await trx.withSchema('core').from('profiles').where({ id }).forUpdate().first()
    return row === undefined ? undefined : await this.withPermissions(row, trx)
  }

  async list (trx: Knex = this.knex): Promise<ProfileRecord[]> {
    const rows: ProfileRow[] = await trx.withSchema('core').from('profiles').orderBy('id')
    const grants: Array<{ profile_id: number, permission: string }> = await trx.withSchema('core').from('profile_permissions').orderBy('permission')
    const all = rows.some(row => row.all_permissions) ? await this.permissionKeys(trx) : []
    return rows.map(row => ({
      ...toProfile(row),
      permissions: row.all_permissions ? all : grants.filter(grant => grant.profile_id === row.id).map(grant => grant.permission)
    }))
  }

  /** Throws BR_PROFILE_NAME_TAKEN when the name exists. */
  async insert (profile: { name: string, permissions: string[] }, trx: Knex.Transaction): Promise<ProfileRecord> {
    const [row] = await this.catchNameTaken(profile.name, trx.withSchema('core').into('profiles').insert({ name: profile.name }).returning('*'))
    await this.grant(row.id, profile.permissions, trx)
    return await this.withPermissions(row, trx)
  }

  /** Renames the profile and/or replaces its permissions; throws BR_PROFILE_NAME_TAKEN. */
  async update (id: number, changes: { name?: string, permissions?: string[] }, trx: Knex.Transaction): Promise<ProfileRecord> {
    if (changes.name !== undefined) await this.catchNameTaken(changes.name, trx.withSchema('core').from('profiles').where({ id }).update({ name: changes.name }))
    if (changes.permissions !== undefined) {
      await trx.withSchema('core').from('profile_permissions').where({ profile_id: id }).delete()
      await this.grant(id, changes.permissions, trx)
    }
    return (await this.find(id, trx))!
  }

  /** Throws BR_PROFILE_IN_USE while an employee has the profile. */
  async delete (id: number, trx: Knex.Transaction): Promise<void> {
    try {
      await trx.withSchema('core').from('profiles').where({ id }).delete()
    } catch (error) {
      throw isForeignKeyViolation(error, EMPLOYEE_PROFILE_FOREIGN_KEY) ? new coreErrors.BR_PROFILE_IN_USE(String(id)) : error
    }
  }

  async listPermissions (trx: Knex = this.knex): Promise<PermissionRecord[]> {
    return await trx.withSchema('core').from('permissions').orderBy('key').select('key', 'module', 'description')
  }

  /** Throws BR_UNKNOWN_PERMISSION, listing in details every key neither the core nor an installed module declares. */
  async assertKnown (keys: string[], trx: Knex = this.knex): Promise<void> {
    const known = new Set<string>(await trx.withSchema('core').from('permissions').whereIn('key', keys).pluck('key'))
    const unknown = [...new Set(keys)].filter(key => !known.has(key))
    if (unknown.length > 0) throw withDetails(new coreErrors.BR_UNKNOWN_PERMISSION(unknown.join(', ')), { unknown })
  }

  private async grant (profileId: number, permissions: string[], trx: Knex.Transaction): Promise<void> {
    const unique = [...new Set(permissions)]
    if (unique.length > 0) await trx.withSchema('core').into('profile_permissions').insert(unique.map(permission => ({ profile_id: profileId, permission })))
  }

  private async catchNameTaken<T> (name: string, query: PromiseLike<T>): Promise<T> {
    try {
      return await query
    } catch (error) {
      throw isUniqueViolation(error, NAME_UNIQUE) ? new coreErrors.BR_PROFILE_NAME_TAKEN(name) : error
    }
  }

  private async permissionKeys (trx: Knex): Promise<string[]> {
    return await trx.withSchema('core').from('permissions').orderBy('key').pluck('key')
  }

  private async withPermissions (row: ProfileRow, trx: Knex): Promise<ProfileRecord> {
    const permissions: string[] = row.all_permissions
      ? await this.permissionKeys(trx)
      : await trx.withSchema('core').from('profile_permissions').where({ profile_id: row.id }).orderBy('permission').pluck('permission')
    return { ...toProfile(row), permissions }
  }
}

const toProfile = (row: ProfileRow): Omit<ProfileRecord, 'permissions'> => ({ id: row.id, name: row.name, allPermissions: row.all_permissions, builtin: row.builtin })
