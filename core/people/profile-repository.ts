import type { Knex } from 'knex'
import { DEFAULT_PROFILES } from '../modules/contract.ts'
import { CORE_PERMISSIONS } from './core-permissions.ts'

export interface ProfileRecord {
  id: number
  name: string
  allPermissions: boolean
  builtin: boolean
  permissions: string[]
}

/** SQL for profiles and the permissions they hold. */
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

  private async withPermissions (row: { id: number, name: string, all_permissions: boolean, builtin: boolean }, trx: Knex): Promise<ProfileRecord> {
    const permissions: string[] = await trx.withSchema('core').from('profile_permissions').where({ profile_id: row.id }).orderBy('permission').pluck('permission')
    return { id: row.id, name: row.name, allPermissions: row.all_permissions, builtin: row.builtin, permissions }
  }
}
