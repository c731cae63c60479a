import type { Knex } from 'knex'
import { coreErrors } from '../errors/index.ts'
import type { AccessChanges } from './access-changes.ts'
import { EmployeeRepository, type EmployeeFilter, type EmployeeRecord, type EmployeeRow } from './employee-repository.ts'
import { assertMayGrant } from './grants.ts'
import { hashPassword } from './passwords.ts'
import type { Principal } from './principal.ts'
import { ProfileRepository, type ProfileRecord } from './profile-repository.ts'
import { RefreshTokenRepository } from './refresh-token-repository.ts'

export interface EmployeeInput {
  email: string
  firstName: string
  lastName: string
  password: string
  profileId: number
  language?: string
  active?: boolean
}

export type EmployeeUpdate = Partial<EmployeeInput>

/** The caller's own account as GET /api/me shows it. */
export interface Me extends EmployeeRecord {
  profileName: string
  /** Every permission the employee holds now. */
  permissions: string[]
}

/**
 * Employees: the one service behind the HTTP API and the CLI. `actor` is who asks (null: the
 * operator at the command line); nobody can give or manage more rights than they hold.
 */
export class EmployeeService {
  readonly #employees: EmployeeRepository
  readonly #profiles: ProfileRepository
  readonly #tokens: RefreshTokenRepository

  constructor (knex: Knex, private readonly changes: AccessChanges) {
    this.#employees = new EmployeeRepository(knex)
    this.#profiles = new ProfileRepository(knex)
    this.#tokens = new RefreshTokenRepository(knex)
  }

  async list (filter: EmployeeFilter): Promise<{ items: EmployeeRecord[], nextCursor: number | null }> {
    return await this.#employees.list(filter)
  }

  async get (id: number): Promise<EmployeeRecord> {
    const employee = await this.#employees.find(id)
    if (employee === undefined) throw new coreErrors.BR_EMPLOYEE_NOT_FOUND(String(id))
    return employee
  }

  async me (employeeId: number): Promise<Me> {
    const employee = await this.get(employeeId)
    const profile = (await this.#profiles.find(employee.profileId))!
    return { ...employee, profileName: profile.name, permissions: profile.permissions }
  }

  async create (actor: Principal | null, input: EmployeeInput): Promise<EmployeeRecord> {
    const passwordHash = await hashPassword(input.password)
    return await this.changes.run('employee:new', async trx => {
      await this.assignableProfile(actor, input.profileId, trx)
      return await this.#employees.insert({ ...input, passwordHash }, trx)
    })
  }

  /**
   * Changes an employee. Deactivating or setting a password ends their sessions (refresh tokens).
   * Refused: deactivating oneself, and any change that leaves no active SuperAdmin.
   */
  async update (actor: Principal | null, id: number, update: EmployeeUpdate): Promise<EmployeeRecord> {
    const { password, ...fields } = update
    const passwordHash = password === undefined ? undefined : await hashPassword(password)
    return await this.changes.run(`employee:${id}`, async trx => {
      const row = await this.#employees.lockRow(id, trx)
      if (row === undefined) throw new coreErrors.BR_EMPLOYEE_NOT_FOUND(String(id))
      const current = (await this.#profiles.find(row.profile_id, trx))!
      assertMayGrant(actor, current.permissions, current.allPermissions)
      const next = fields.profileId === undefined || fields.profileId === row.profile_id ? current : await this.assignableProfile(actor, fields.profileId, trx)
      const deactivating = row.active && fields.active === false
      if (deactivating && actor?.type === 'employee' && actor.id === id) throw new coreErrors.BR_EMPLOYEE_SELF_LOCKOUT('You cannot deactivate your own account')
      if (row.active && current.allPermissions && (deactivating || !next.allPermissions)) await this.keepASuperAdmin(row, trx)
      const employee = await this.#employees.update(id, { ...fields, passwordHash }, trx)
      if (deactivating || passwordHash !== undefined) await this.#tokens.revokeAllOf(id, trx)
      return employee
    })
  }

  /** A profile the actor may give: it exists, and the actor holds all it grants. */
  private async assignableProfile (actor: Principal | null, profileId: number, trx: Knex.Transaction): Promise<ProfileRecord> {
    const profile = await this.#profiles.find(profileId, trx)
    if (profile === undefined) throw new coreErrors.BR_PROFILE_NOT_FOUND(String(profileId))
    assertMayGrant(actor, profile.permissions, profile.allPermissions)
    return profile
  }

  private async keepASuperAdmin (leaving: EmployeeRow, trx: Knex.Transaction): Promise<void> {
    const others = (await this.#employees.lockActiveSuperAdmins(trx)).filter(id => id !== leaving.id)
    if (others.length === 0) throw new coreErrors.BR_EMPLOYEE_SELF_LOCKOUT('The change would leave no active SuperAdmin')
  }
}
