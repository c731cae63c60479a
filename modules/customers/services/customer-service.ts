import { hashPassword, withDetails } from 'backroom'
import type { Knex } from 'knex'
import { customersErrors } from '../errors.ts'
import type { Customer, CustomerCreateBody, CustomerUpdateBody } from '../schemas.ts'
import type { ChangeOrigin, ConsentService } from './consents.ts'
import { guardUnique } from './database-errors.ts'
import type { EmitEvent } from './events.ts'
import type { GroupService, Membership } from './group-service.ts'
import type { LocalizationChecks } from './localization-checks.ts'

const CUSTOMERS = 'customers.customers'

/** A customer row as selected by `select*`: the birthday read as text, so no time zone shifts it. */
interface CustomerRow {
  id: number
  email: string
  password_hash: string | null
  sessions_valid_from: Date | null
  first_name: string
  last_name: string
  language: string
  phone: string | null
  company: string | null
  vat_number: string | null
  birthday_text: string | null
  active: boolean
  newsletter: boolean
  newsletter_at: Date | null
  newsletter_ip: string | null
  partner: boolean
  partner_at: Date | null
  partner_ip: string | null
  note: string | null
  anonymized_at: Date | null
  created_at: Date
  updated_at: Date
}

/** Fields of the body stored in a column of their own, and that column. */
const COLUMNS = {
  email: 'email',
  firstName: 'first_name',
  lastName: 'last_name',
  language: 'language',
  phone: 'phone',
  company: 'company',
  vatNumber: 'vat_number',
  birthday: 'birthday',
  note: 'note'
} as const

const EARLIEST_BIRTHDAY = '1900-01-01'

/** Every column, the birthday as text (`YYYY-MM-DD`): pg and PGlite would hand a date out as a local-time Date. */
const selectCustomer = (db: Knex): Array<string | Knex.Raw> => ['*', db.raw('birthday::text as birthday_text')]

/**
 * Customer accounts: their row, groups and consents. A customer is never deleted: it is
 * deactivated, or anonymized (see GdprService).
 */
export class CustomerService {
  constructor (
    private readonly db: Knex,
    private readonly localization: LocalizationChecks,
    private readonly groups: GroupService,
    private readonly consents: ConsentService,
    private readonly emit: EmitEvent
  ) {}

  async get (id: number, trx?: Knex): Promise<Customer> {
    const customer = await this.find(id, trx)
    if (customer === undefined) throw new customersErrors.BR_CUSTOMERS_NOT_FOUND(id)
    return customer
  }

  async find (id: number, trx?: Knex): Promise<Customer | undefined> {
    const row: CustomerRow | undefined = await (trx ?? this.db)(CUSTOMERS).where({ id }).first(selectCustomer(trx ?? this.db))
    return row === undefined ? undefined : await this.withMembership(row, trx)
  }

  /**
   * The account a token issued at `issuedAt` (seconds since the epoch, the JWT's iat) signs in to,
   * or undefined once the account's sessions were revoked after it (by a password change). Tokens
   * carry whole seconds: one issued within the second of the change still passes.
   */
  async findSignedIn (id: number, issuedAt: number): Promise<Customer | undefined> {
    const row: CustomerRow | undefined = await this.db(CUSTOMERS).where({ id }).first(selectCustomer(this.db))
    if (row === undefined) return undefined
    if (row.sessions_valid_from !== null && issuedAt < Math.floor(row.sessions_valid_from.getTime() / 1000)) return undefined
    return await this.withMembership(row)
  }

  /** The id, password hash and active flag of the account with this email, in any letter case. */
  async findLogin (email: string): Promise<Pick<CustomerRow, 'id' | 'password_hash' | 'active'> | undefined> {
    return await this.db(CUSTOMERS).whereRaw('lower(email) = lower(?)', [email]).first('id', 'password_hash', 'active')
  }

  /** The password hash of an account, to check a customer's current password. */
  async passwordHash (id: number): Promise<string | null> {
    return (await this.db(CUSTOMERS).where({ id }).first('password_hash'))?.password_hash ?? null
  }

  /** Creates an account, in the shop or by staff, joining the default group unless groups are named; returns its id. */
  async create (input: CustomerCreateBody, origin: ChangeOrigin): Promise<number> {
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password)
    return await this.db.transaction(async trx => {
      const language = input.language ?? await this.localization.defaultLanguage(trx)
      await this.localization.assertLanguage(language, trx)
      assertBirthday(input.birthday)
      const [{ id }] = await this.guardEmail(input.email, async () => await trx(CUSTOMERS).insert({
        ...this.toColumns(input),
        language,
        password_hash: passwordHash
      }).returning('id'))
      await this.groups.setMembership(trx, id, input.groupIds ?? await this.groups.defaultGroupIds(trx))
      await this.consents.record(trx, id, { newsletter: false, partner: false }, input, origin)
      await this.emit(trx, 'customers.customer.registered', { id, source: origin.source })
      return id
    })
  }

  async update (id: number, change: CustomerUpdateBody, origin: ChangeOrigin): Promise<Customer> {
    const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password)
    return await this.db.transaction(async trx => {
      const row = await this.lockChangeable(trx, id)
      if (change.language !== undefined) await this.localization.assertLanguage(change.language, trx)
      assertBirthday(change.birthday)
      if (change.groupIds !== undefined) await this.groups.setMembership(trx, id, change.groupIds)
      // The process's clock, as the tokens' issue times are: the database's may differ from it.
      const password = passwordHash === undefined ? {} : { password_hash: passwordHash, sessions_valid_from: new Date() }
      const columns = { ...this.toColumns(change), ...password, updated_at: trx.fn.now() }
      await this.guardEmail(change.email ?? row.email, async () => await trx(CUSTOMERS).where({ id }).update(columns))
      await this.consents.record(trx, id, { newsletter: row.newsletter, partner: row.partner }, change, origin)
      await this.emit(trx, 'customers.customer.updated', { id, fields: Object.keys(change).sort() })
      return await this.get(id, trx)
    })
  }

  /** Activates or deactivates an account; a deactivated one cannot log in and its tokens stop working at once. */
  async setActive (id: number, active: boolean): Promise<Customer> {
    return await this.db.transaction(async trx => {
      const row = await this.lockChangeable(trx, id)
      if (row.active !== active) {
        await trx(CUSTOMERS).where({ id }).update({ active, updated_at: trx.fn.now() })
        if (active) await this.emit(trx, 'customers.customer.updated', { id, fields: ['active'] })
        else await this.emit(trx, 'customers.customer.deactivated', { id })
      }
      return await this.get(id, trx)
    })
  }

  /**
   * Erases the personal fields of an account and deactivates it, in the caller's transaction; the
   * email becomes a placeholder that stays unique and never receives mail.
   */
  async erase (trx: Knex.Transaction, id: number): Promise<void> {
    await trx(CUSTOMERS).where({ id }).update({
      email: anonymizedEmail(id),
      password_hash: null,
      first_name: '',
      last_name: '',
      phone: null,
      company: null,
      vat_number: null,
      birthday: null,
      note: null,
      newsletter: false,
      newsletter_at: null,
      newsletter_ip: null,
      partner: false,
      partner_at: null,
      partner_ip: null,
      active: false,
      anonymized_at: trx.fn.now(),
      updated_at: trx.fn.now()
    })
  }

  /** Locks an account that may still change: it exists and was not anonymized. */
  async lockChangeable (trx: Knex.Transaction, id: number): Promise<CustomerRow> {
    const row: CustomerRow | undefined = await trx(CUSTOMERS).where({ id }).forUpdate().first(selectCustomer(trx))
    if (row === undefined) throw new customersErrors.BR_CUSTOMERS_NOT_FOUND(id)
    if (row.anonymized_at !== null) throw new customersErrors.BR_CUSTOMERS_ANONYMIZED(id)
    return row
  }

  async assertExists (id: number, trx?: Knex): Promise<void> {
    if (await (trx ?? this.db)(CUSTOMERS).where({ id }).first('id') === undefined) throw new customersErrors.BR_CUSTOMERS_NOT_FOUND(id)
  }

  private async withMembership (row: CustomerRow, trx?: Knex): Promise<Customer> {
    const memberships = await this.groups.memberships([row.id], trx)
    return this.toCustomer(row, memberships.get(row.id)!)
  }

  private toCustomer (row: CustomerRow, membership: Membership): Customer {
    return {
      id: row.id,
      email: row.email,
      firstName: row.first_name,
      lastName: row.last_name,
      language: row.language,
      phone: row.phone,
      company: row.company,
      vatNumber: row.vat_number,
      birthday: row.birthday_text,
      active: row.active,
      hasPassword: row.password_hash !== null,
      groupIds: membership.groupIds,
      discountBasisPoints: membership.discountBasisPoints,
      newsletter: { optedIn: row.newsletter, at: row.newsletter_at, ip: row.newsletter_ip },
      partner: { optedIn: row.partner, at: row.partner_at, ip: row.partner_ip },
      note: row.note,
      anonymizedAt: row.anonymized_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at
    }
  }

  private async guardEmail<T> (email: string, write: () => Promise<T>): Promise<T> {
    return await guardUnique('customers_email_lower', () => withDetails(new customersErrors.BR_CUSTOMERS_EMAIL_TAKEN(email), { field: 'email' }), write)
  }

  private toColumns (fields: Partial<Record<keyof typeof COLUMNS, string | null>>): Record<string, unknown> {
    const row: Record<string, unknown> = {}
    for (const [field, column] of Object.entries(COLUMNS)) {
      const value = fields[field as keyof typeof COLUMNS]
      if (value !== undefined) row[column] = value
    }
    return row
  }
}

// Unique per account, and never accepted as an email (its domain has no dot), so no one can hold it before.
const anonymizedEmail = (id: number): string => `anonymized-${id}@invalid`

/** A birthday lies between 1900-01-01 and today (the schema has checked it is a real date). */
function assertBirthday (birthday: string | null | undefined): void {
  if (birthday === null || birthday === undefined) return
  const today = new Date().toISOString().slice(0, 10)
  if (birthday < EARLIEST_BIRTHDAY || birthday > today) throw withDetails(new customersErrors.BR_CUSTOMERS_INVALID_BIRTHDAY(birthday), { field: 'birthday' })
}
