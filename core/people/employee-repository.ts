import type { Knex } from 'knex'
import { coreErrors } from '../errors/index.ts'
import { isUniqueViolation } from './database-errors.ts'

export interface EmployeeRecord {
  id: number
  email: string
  firstName: string
  lastName: string
  active: boolean
  profileId: number
  language: string
  totpEnabled: boolean
  createdAt: Date
  updatedAt: Date
}

export interface EmployeeRow {
  id: number
  email: string
  first_name: string
  last_name: string
  password_hash: string
  active: boolean
  profile_id: number
  language: string
  totp_secret: string | null
  totp_enabled: boolean
  totp_last_step: number | null
  created_at: Date
  updated_at: Date
}

export const toEmployee = (row: EmployeeRow): EmployeeRecord => ({
  id: row.id,
  email: row.email,
  firstName: row.first_name,
  lastName: row.last_name,
  active: row.active,
  profileId: row.profile_id,
  language: row.language,
  totpEnabled: row.totp_enabled,
  createdAt: row.created_at,
  updatedAt: row.updated_at
})

export interface NewEmployee {
  email: string
  firstName: string
  lastName: string
  passwordHash: string
  profileId: number
  language?: string
  active?: boolean
}

export type EmployeeChanges = Partial<NewEmployee>

export interface EmployeeFilter {
  active?: boolean
  profileId?: number
  /** Part of the email, first or last name, case-insensitively. */
  text?: string
  /** Keyset cursor: the id of the last employee of the previous page. */
  after?: number
  limit: number
}

const COLUMNS: Record<keyof EmployeeChanges, keyof EmployeeRow> = {
  email: 'email',
  firstName: 'first_name',
  lastName: 'last_name',
  passwordHash: 'password_hash',
  profileId: 'profile_id',
  language: 'language',
  active: 'active'
}

const EMAIL_INDEX = 'employees_email_lower'

/** LIKE patterns match the text literally: its wildcards are escaped. */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, character => `\\${character}`)}%`

/** SQL for employees. Emails are unique case-insensitively (a unique index on lower(email)). */
export class EmployeeRepository {
  constructor (private readonly knex: Knex) {}

  async count (trx: Knex = this.knex): Promise<number> {
    const [{ count }] = await trx.withSchema('core').from('employees').count({ count: '*' })
    return Number(count)
  }

  /** Throws BR_EMPLOYEE_EMAIL_TAKEN when another employee has the email in any letter case. */
  async insert (employee: NewEmployee, trx: Knex = this.knex): Promise<EmployeeRecord> {
    try {
      const [row] = await trx.withSchema('core').into('employees').insert({
        email: employee.email,
        first_name: employee.firstName,
        last_name: employee.lastName,
        password_hash: employee.passwordHash,
        profile_id: employee.profileId,
        language: employee.language ?? 'en',
        active: employee.active ?? true
      }).returning('*')
      return toEmployee(row)
    } catch (error) {
      throw isUniqueViolation(error, EMAIL_INDEX) ? new coreErrors.BR_EMPLOYEE_EMAIL_TAKEN(employee.email) : error
    }
  }

  /** Throws BR_EMPLOYEE_EMAIL_TAKEN when the new email belongs to another employee. */
  async update (id: number, changes: EmployeeChanges, trx: Knex = this.knex): Promise<EmployeeRecord> {
    const values: Record<string, unknown> = { updated_at: trx.fn.now() }
    for (const [field, value] of Object.entries(changes)) {
      if (value !== undefined) values[COLUMNS[field as keyof EmployeeChanges]] = value
    }
    try {
      const [row] = await trx.withSchema('core').from('employees').where({ id }).update(values).returning('*')
      return toEmployee(row)
    } catch (error) {
      throw isUniqueViolation(error, EMAIL_INDEX) ? new coreErrors.BR_EMPLOYEE_EMAIL_TAKEN(changes.email) : error
    }
  }

  async list (filter: EmployeeFilter, trx: Knex = this.knex): Promise<{ items: EmployeeRecord[], nextCursor: number | null }> {
    const rows: EmployeeRow[] = await trx.withSchema('core').from('employees')
      .modify(query => {
        if (filter.active !== undefined) query.where('active', filter.active)
        if (filter.profileId !== undefined) query.where('profile_id', filter.profileId)
        if (filter.text !== undefined) {
          const pattern = likePattern(filter.text)
          query.where(inner => inner.whereILike('email', pattern).orWhereILike('first_name', pattern).orWhereILike('last_name', pattern))
        }
        if (filter.after !== undefined) query.where('id', '>', filter.after)
      })
      .orderBy('id')
      .limit(filter.limit + 1)
    const page = rows.slice(0, filter.limit)
    return { items: page.map(toEmployee), nextCursor: rows.length > filter.limit ? page[page.length - 1].id : null }
  }

  async find (id: number, trx: Knex = this.knex): Promise<EmployeeRecord | undefined> {
    const row = await this.findRow(id, trx)
    return row === undefined ? undefined : toEmployee(row)
  }

  async findRowByEmail (email: string, trx: Knex = this.knex): Promise<EmployeeRow | undefined> {
    return await trx.withSchema('core').from('employees').whereRaw('lower(email) = lower(?)', [email]).first()
  }

  async findRow (id: number, trx: Knex = this.knex): Promise<EmployeeRow | undefined> {
    return await trx.withSchema('core').from('employees').where({ id }).first()
  }

  /** The row, locked until the transaction ends: changes to one employee run one at a time. */
  async lockRow (id: number, trx: Knex.Transaction): Promise<EmployeeRow | undefined> {
    return await trx.withSchema('core').from('employees').where({ id }).forUpdate().first()
  }

  /**
   * Ids of the active employees whose profile holds every permission, locked: two transactions
   * that each demote one of the last two SuperAdmins see each other's change, not both "one left".
   */
  async lockActiveSuperAdmins (trx: Knex.Transaction): Promise<number[]> {
    const rows: Array<{ id: number }> = await trx.withSchema('core').from('employees as e')
      .join('profiles as p', 'p.id', 'e.profile_id')
      .where({ 'e.active': true, 'p.all_permissions': true })
      .forUpdate('e')
      .select('e.id')
    return rows.map(row => row.id)
  }

  /** Stores a sealed TOTP secret, pending until enabled; null clears it. */
  async setTotp (id: number, totp: { sealedSecret: string | null, enabled: boolean, lastStep: number | null }, trx: Knex = this.knex): Promise<void> {
    await trx.withSchema('core').from('employees').where({ id })
      .update({ totp_secret: totp.sealedSecret, totp_enabled: totp.enabled, totp_last_step: totp.lastStep, updated_at: trx.fn.now() })
  }

  /**
   * Records a TOTP time step as used, unless it (or a later one) was used already; the check and
   * the write are one statement, so two requests with one code cannot both pass.
   */
  async acceptTotpStep (id: number, step: number, trx: Knex = this.knex): Promise<boolean> {
    const updated = await trx.withSchema('core').from('employees').where({ id })
      .where(query => query.whereNull('totp_last_step').orWhere('totp_last_step', '<', step))
      .update({ totp_last_step: step })
    return updated === 1
  }
}
