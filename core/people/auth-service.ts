import type { Knex } from 'knex'
import { coreErrors } from '../errors/index.ts'
import type { AccessChanges } from './access-changes.ts'
import { EmployeeRepository, toEmployee, type EmployeeRecord } from './employee-repository.ts'
import { hashPassword, verifyPassword } from './passwords.ts'
import { RefreshTokenRepository } from './refresh-token-repository.ts'
import type { TwoFactorService } from './two-factor.ts'

export interface AuthPolicy {
  /** Seconds an access token lives. */
  accessTokenTtl: number
  /** Seconds a refresh token lives; each refresh issues a new one with the full lifetime. */
  refreshTokenTtl: number
  login: { maxPerAccount: number, maxPerIp: number, windowSeconds: number }
}

/** A signed-in employee and the refresh token of the session; the access token is signed by the HTTP layer. */
export interface Session {
  employee: EmployeeRecord
  refreshToken: string
}

export interface Credentials {
  email: string
  password: string
  totp?: string
}

type RefreshOutcome = Session | 'invalid' | 'inactive'

/** Login, refresh-token rotation, logout and password changes. */
export class AuthService {
  readonly #employees: EmployeeRepository
  readonly #tokens: RefreshTokenRepository

  constructor (
    private readonly knex: Knex,
    private readonly changes: AccessChanges,
    private readonly twoFactor: TwoFactorService,
    readonly policy: AuthPolicy
  ) {
    this.#employees = new EmployeeRepository(knex)
    this.#tokens = new RefreshTokenRepository(knex)
  }

  /**
   * Checks the password first, and says nothing about the account (inactive, 2FA) before it
   * matched. An unknown email is verified against a dummy hash, so it takes as long as a known one.
   */
  async login (credentials: Credentials): Promise<Session> {
    const row = await this.#employees.findRowByEmail(credentials.email)
    const matched = await verifyPassword(row?.password_hash, credentials.password)
    if (row === undefined || !matched) throw new coreErrors.BR_INVALID_CREDENTIALS()
    if (!row.active) throw new coreErrors.BR_ACCOUNT_INACTIVE()
    if (row.totp_enabled) {
      if (credentials.totp === undefined) throw new coreErrors.BR_TOTP_REQUIRED()
      if (!await this.twoFactor.accept(row, credentials.totp)) throw new coreErrors.BR_TOTP_INVALID()
    }
    const refreshToken = await this.knex.transaction(async trx => {
      await this.#tokens.deleteExpiredOf(row.id, trx)
      return await this.#tokens.issue(row.id, this.policy.refreshTokenTtl, undefined, trx)
    })
    return { employee: toEmployee(row), refreshToken }
  }

  /**
   * Trades a refresh token for a new one of the same family. A token already used means it was
   * copied: the whole family is revoked, so neither the thief nor the owner can go on with it.
   */
  async refresh (token: string): Promise<Session> {
    const outcome = await this.knex.transaction(async (trx): Promise<RefreshOutcome> => {
      const state = await this.#tokens.lock(token, trx)
      if (state === undefined || state.revoked || state.expired) return 'invalid'
      if (state.used) {
        await this.#tokens.revokeFamily(state.familyId, trx)
        return 'invalid'
      }
      const row = (await this.#employees.findRow(state.employeeId, trx))!
      if (!row.active) return 'inactive'
      await this.#tokens.markUsed(state.id, trx)
      return { employee: toEmployee(row), refreshToken: await this.#tokens.issue(row.id, this.policy.refreshTokenTtl, state.familyId, trx) }
    })
    if (outcome === 'inactive') throw new coreErrors.BR_ACCOUNT_INACTIVE()
    if (outcome === 'invalid') throw new coreErrors.BR_REFRESH_INVALID()
    return outcome
  }

  /** Revokes the token's whole family; an unknown token is not an error (logging out twice is fine). */
  async logout (token: string): Promise<void> {
    const familyId = await this.#tokens.familyOf(token)
    if (familyId !== undefined) await this.#tokens.revokeFamily(familyId)
  }

  /** Sets a new password after checking the current one, and ends every session of the employee. */
  async changePassword (employeeId: number, currentPassword: string, newPassword: string): Promise<void> {
    const passwordHash = await hashPassword(newPassword)
    await this.changes.run(`employee:${employeeId}`, async trx => {
      const row = await this.#employees.lockRow(employeeId, trx)
      if (row === undefined) throw new coreErrors.BR_EMPLOYEE_NOT_FOUND(String(employeeId))
      if (!await verifyPassword(row.password_hash, currentPassword)) throw new coreErrors.BR_REAUTHENTICATION_FAILED()
      await this.#employees.update(employeeId, { passwordHash }, trx)
      await this.#tokens.revokeAllOf(employeeId, trx)
    })
  }
}
