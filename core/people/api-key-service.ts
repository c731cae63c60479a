import type { Knex } from 'knex'
import { coreErrors } from '../errors/index.ts'
import type { AccessChanges } from './access-changes.ts'
import { ApiKeyRepository, type ApiKeyRecord } from './api-key-repository.ts'
import { assertMayGrant } from './grants.ts'
import type { Principal } from './principal.ts'
import { ProfileRepository } from './profile-repository.ts'

export interface ApiKeyInput {
  name: string
  permissions: string[]
}

/** API keys for integrations: scoped to permissions their creator holds, shown once, revocable. */
export class ApiKeyService {
  readonly #keys: ApiKeyRepository
  readonly #profiles: ProfileRepository

  constructor (knex: Knex, private readonly changes: AccessChanges) {
    this.#keys = new ApiKeyRepository(knex)
    this.#profiles = new ProfileRepository(knex)
  }

  /** The new key, in clear this one time only. */
  async create (actor: Principal | null, input: ApiKeyInput): Promise<ApiKeyRecord & { key: string }> {
    return await this.changes.run('api_key:new', async trx => {
      await this.#profiles.assertKnown(input.permissions, trx)
      assertMayGrant(actor, input.permissions)
      return await this.#keys.insert({ ...input, createdBy: actor?.type === 'employee' ? actor.id : null }, trx)
    })
  }

  async list (): Promise<ApiKeyRecord[]> {
    return await this.#keys.list()
  }

  async revoke (id: number): Promise<void> {
    await this.changes.run(`api_key:${id}`, async trx => {
      if (!await this.#keys.revoke(id, trx)) throw new coreErrors.BR_API_KEY_NOT_FOUND(String(id))
    })
  }
}
