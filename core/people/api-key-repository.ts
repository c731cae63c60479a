import type { Knex } from 'knex'
import { hashToken, randomToken } from '../security/secret-box.ts'
import { API_KEY_PREFIX } from './principal.ts'

export interface ApiKeyRecord {
  id: number
  name: string
  /** The first characters of the key, enough to recognise it in a list. */
  prefix: string
  permissions: string[]
  createdBy: number | null
  createdAt: Date
  lastUsedAt: Date | null
  revokedAt: Date | null
}

interface ApiKeyRow {
  id: number
  name: string
  prefix: string
  permissions: string[]
  created_by: number | null
  created_at: Date
  last_used_at: Date | null
  revoked_at: Date | null
}

const toApiKey = (row: ApiKeyRow): ApiKeyRecord => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  permissions: row.permissions,
  createdBy: row.created_by,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at
})

const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 8
const RETURNED = ['id', 'name', 'prefix', 'permissions', 'created_by', 'created_at', 'last_used_at', 'revoked_at']

/** SQL for API keys: random strings stored as their hash, shown in clear only when created. */
export class ApiKeyRepository {
  constructor (private readonly knex: Knex) {}

  async insert (key: { name: string, permissions: string[], createdBy: number | null }, trx: Knex = this.knex): Promise<ApiKeyRecord & { key: string }> {
    const secret = API_KEY_PREFIX + randomToken(32)
    const [row] = await trx.withSchema('core').into('api_keys').insert({
      name: key.name,
      prefix: secret.slice(0, SHOWN_PREFIX_LENGTH),
      key_hash: hashToken(secret),
      permissions: [...new Set(key.permissions)].sort(),
      created_by: key.createdBy
    }).returning(RETURNED)
    return { ...toApiKey(row), key: secret }
  }

  async list (trx: Knex = this.knex): Promise<ApiKeyRecord[]> {
    const rows: ApiKeyRow[] = await trx.withSchema('core').from('api_keys').orderBy('id').select(RETURNED)
    return rows.map(toApiKey)
  }

  /** Revokes the key; false when there is no such key. Revoking a revoked key keeps its first date. */
  async revoke (id: number, trx: Knex = this.knex): Promise<boolean> {
    const [row] = await trx.withSchema('core').from('api_keys').where({ id })
      .update({ revoked_at: trx.raw('coalesce(revoked_at, now())') }).returning('id')
    return row !== undefined
  }
}
