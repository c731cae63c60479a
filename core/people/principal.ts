import type { Knex } from 'knex'
import { hashToken } from '../security/secret-box.ts'

/** Who is calling: an employee with an access token, or an integration with an API key. */
export interface Principal {
  type: 'employee' | 'api_key'
  id: number
  label: string
  /** 'all' for SuperAdmin: every permission, including those of modules installed later. */
  permissions: ReadonlySet<string> | 'all'
}

export const AUTH_CHANNEL = 'backroom_auth'
const CACHE_TTL_MS = 30_000
export const API_KEY_PREFIX = 'brk_'

export function holds (principal: Principal, permission: string): boolean {
  return principal.permissions === 'all' || principal.permissions.has(permission)
}

interface Cached { principal: Principal | null, until: number }

/**
 * Resolves principals with a short cache: every request needs one, and a change to employees,
 * profiles or keys clears it in all processes through a notification on AUTH_CHANNEL.
 */
export class PrincipalResolver {
  readonly #cache = new Map<string, Cached>()

  constructor (private readonly knex: Knex) {}

  invalidate (): void {
    this.#cache.clear()
  }

  async employee (id: number): Promise<Principal | null> {
    return await this.cached(`e:${id}`, async () => {
      const row = await this.knex.withSchema('core').from('employees as e')
        .join('profiles as p', 'p.id', 'e.profile_id')
        .where('e.id', id).andWhere('e.active', true)
        .first('e.id', 'e.email', 'p.id as profile_id', 'p.all_permissions')
      if (row === undefined) return null
      return { type: 'employee', id: row.id, label: row.email, permissions: row.all_permissions === true ? 'all' : await this.profilePermissions(row.profile_id) }
    })
  }

  async apiKey (key: string): Promise<Principal | null> {
    if (!key.startsWith(API_KEY_PREFIX)) return null
    const hash = hashToken(key)
    return await this.cached(`k:${hash}`, async () => {
      // Loaded at most once per cache period, so recording the use here costs one write per period.
      const [row] = await this.knex.withSchema('core').from('api_keys').where({ key_hash: hash }).whereNull('revoked_at')
        .update({ last_used_at: this.knex.fn.now() }).returning(['id', 'name', 'permissions'])
      if (row === undefined) return null
      return { type: 'api_key', id: row.id, label: `api key ${row.name}`, permissions: new Set(row.permissions as string[]) }
    })
  }

  private async profilePermissions (profileId: number): Promise<Set<string>> {
    const keys: string[] = await this.knex.withSchema('core').from('profile_permissions').where({ profile_id: profileId }).pluck('permission')
    return new Set(keys)
  }

  private async cached (key: string, load: () => Promise<Principal | null>): Promise<Principal | null> {
    const hit = this.#cache.get(key)
    if (hit !== undefined && hit.until > Date.now()) return hit.principal
    const principal = await load()
    this.#cache.set(key, { principal, until: Date.now() + CACHE_TTL_MS })
    return principal
  }
}
