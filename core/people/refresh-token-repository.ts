import { randomUUID } from 'node:crypto'
import type { Knex } from 'knex'
import { hashToken, randomToken } from '../security/secret-box.ts'

export interface RefreshTokenState {
  id: number
  familyId: string
  employeeId: number
  used: boolean
  revoked: boolean
  /** Judged by the database clock, which every process shares. */
  expired: boolean
}

/**
 * SQL for refresh tokens: opaque random strings stored as their hash. Each login starts a family;
 * each refresh marks its token used and issues the next one in the same family.
 */
export class RefreshTokenRepository {
  constructor (private readonly knex: Knex) {}

  /** Stores a new token and returns it; the only time it exists in clear. */
  async issue (employeeId: number, ttlSeconds: number, familyId: string = randomUUID(), trx: Knex = this.knex): Promise<string> {
    const token = randomToken(32)
    await trx.withSchema('core').into('refresh_tokens').insert({
      family_id: familyId,
      employee_id: employeeId,
      token_hash: hashToken(token),
      expires_at: trx.raw(`now() + ? * interval '1 second'`, [ttlSeconds])
    })
    return token
  }

  /** The token's state, its row locked: two refreshes with one token run one after the other. */
  async lock (token: string, trx: Knex.Transaction): Promise<RefreshTokenState | undefined> {
    const row = await trx.withSchema('core').from('refresh_tokens').where({ token_hash: hashToken(token) }).forUpdate()
      .first('id', 'family_id', 'employee_id', 'used_at', 'revoked_at', trx.raw('expires_at <= now() as expired'))
    return row === undefined
      ? undefined
      : { id: row.id, familyId: row.family_id, employeeId: row.employee_id, used: row.used_at !== null, revoked: row.revoked_at !== null, expired: row.expired }
  }

  async markUsed (id: number, trx: Knex = this.knex): Promise<void> {
    await trx.withSchema('core').from('refresh_tokens').where({ id }).update({ used_at: trx.fn.now() })
  }

  async revokeFamily (familyId: string, trx: Knex = this.knex): Promise<void> {
    await trx.withSchema('core').from('refresh_tokens').where({ family_id: familyId }).whereNull('revoked_at').update({ revoked_at: trx.fn.now() })
  }

  async revokeAllOf (employeeId: number, trx: Knex = this.knex): Promise<void> {
    await trx.withSchema('core').from('refresh_tokens').where({ employee_id: employeeId }).whereNull('revoked_at').update({ revoked_at: trx.fn.now() })
  }

  /** Expired tokens serve no purpose, not even reuse detection: dropped at each login. */
  async deleteExpiredOf (employeeId: number, trx: Knex = this.knex): Promise<void> {
    await trx.withSchema('core').from('refresh_tokens').where({ employee_id: employeeId }).where('expires_at', '<=', trx.fn.now()).delete()
  }

  /** The family of a token, for logout; undefined for a token never issued. */
  async familyOf (token: string, trx: Knex = this.knex): Promise<string | undefined> {
    const row = await trx.withSchema('core').from('refresh_tokens').where({ token_hash: hashToken(token) }).first('family_id')
    return row?.family_id
  }
}
