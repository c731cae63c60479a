import type { Knex } from 'knex'
import { coreErrors } from '../errors/index.ts'
import type { AccessChanges } from './access-changes.ts'
import { assertMayGrant } from './grants.ts'
import type { Principal } from './principal.ts'
import { ProfileRepository, type PermissionRecord, type ProfileRecord } from './profile-repository.ts'

export interface ProfileInput {
  name: string
  permissions: string[]
}

/**
 * Profiles and the permissions they hold. SuperAdmin holds every permission, so its own cannot be
 * edited; the default profiles are looked up by name, so they cannot be renamed or deleted.
 */
export class ProfileService {
  readonly #profiles: ProfileRepository

  constructor (knex: Knex, private readonly changes: AccessChanges) {
    this.#profiles = new ProfileRepository(knex)
  }

  async list (): Promise<ProfileRecord[]> {
    return await this.#profiles.list()
  }

  async get (id: number): Promise<ProfileRecord> {
    const profile = await this.#profiles.find(id)
    if (profile === undefined) throw new coreErrors.BR_PROFILE_NOT_FOUND(String(id))
    return profile
  }

  /** What the core and the installed modules declare. */
  async permissions (): Promise<PermissionRecord[]> {
    return await this.#profiles.listPermissions()
  }

  async create (actor: Principal | null, input: ProfileInput): Promise<ProfileRecord> {
    return await this.changes.run('profile:new', async trx => {
      await this.#profiles.assertKnown(input.permissions, trx)
      assertMayGrant(actor, input.permissions)
      return await this.#profiles.insert(input, trx)
    })
  }

  async update (actor: Principal | null, id: number, changes: Partial<ProfileInput>): Promise<ProfileRecord> {
    return await this.changes.run(`profile:${id}`, async trx => {
      const profile = await this.lock(id, trx)
      if (changes.permissions !== undefined && profile.allPermissions) throw new coreErrors.BR_PROFILE_PROTECTED(profile.name)
      if (changes.name !== undefined && changes.name !== profile.name && profile.builtin) throw new coreErrors.BR_PROFILE_PROTECTED(profile.name)
      if (changes.permissions !== undefined) {
        await this.#profiles.assertKnown(changes.permissions, trx)
        assertMayGrant(actor, changes.permissions.filter(permission => !profile.permissions.includes(permission)))
      }
      return await this.#profiles.update(id, changes, trx)
    })
  }

  /** Throws BR_PROFILE_IN_USE while an employee has the profile. */
  async delete (id: number): Promise<void> {
    await this.changes.run(`profile:${id}`, async trx => {
      const profile = await this.lock(id, trx)
      if (profile.builtin) throw new coreErrors.BR_PROFILE_PROTECTED(profile.name)
      await this.#profiles.delete(id, trx)
    })
  }

  private async lock (id: number, trx: Knex.Transaction): Promise<ProfileRecord> {
    const profile = await this.#profiles.lock(id, trx)
    if (profile === undefined) throw new coreErrors.BR_PROFILE_NOT_FOUND(String(id))
    return profile
  }
}
