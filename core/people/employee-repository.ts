import type { Knex } from 'knex'

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

/** SQL for employees. Emails are unique case-insensitively (a unique index on lower(email)). */
export class EmployeeRepository {
  constructor (private readonly knex: Knex) {}

  async count (trx: Knex = this.knex): Promise<number> {
    const [{ count }] = await trx.withSchema('core').from('employees').count({ count: '*' })
    return Number(count)
  }

  async insert (employee: NewEmployee, trx: Knex = this.knex): Promise<EmployeeRecord> {
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
  }

  async findRowByEmail (email: string, trx: Knex = this.knex): Promise<EmployeeRow | undefined> {
    return await trx.withSchema('core').from('employees').whereRaw('lower(email) = lower(?)', [email]).first()
  }

  async findRow (id: number, trx: Knex = this.knex): Promise<EmployeeRow | undefined> {
    return await trx.withSchema('core').from('employees').where({ id }).first()
  }
}
