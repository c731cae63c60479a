import type { Knex } from 'knex'
import { customersErrors } from '../errors.ts'
import type { Address, AddressCreateBody, AddressUpdateBody } from '../schemas.ts'
import type { CustomerService } from './customer-service.ts'
import type { LocalizationChecks } from './localization-checks.ts'

const ADDRESSES = 'customers.addresses'

const COLUMNS = {
  alias: 'alias',
  firstName: 'first_name',
  lastName: 'last_name',
  company: 'company',
  line1: 'line1',
  line2: 'line2',
  postcode: 'postcode',
  city: 'city',
  countryCode: 'country_code',
  region: 'region',
  phone: 'phone'
} as const

type AddressFields = { [K in keyof typeof COLUMNS]: Address[K] }

/**
 * A customer's addresses. Every address is in an active country of localization and its
 * postcode fits that country's format; the postcode is stored as localization normalizes it.
 */
export class AddressService {
  constructor (private readonly db: Knex, private readonly localization: LocalizationChecks, private readonly customers: CustomerService) {}

  async list (customerId: number, trx?: Knex): Promise<Address[]> {
    await this.customers.assertExists(customerId, trx)
    const rows = await (trx ?? this.db)(ADDRESSES).where({ customer_id: customerId }).orderBy('id')
    return rows.map(row => this.toAddress(row))
  }

  /** One address of this customer: another customer's is not found, as one that does not exist. */
  async get (customerId: number, addressId: number, trx?: Knex): Promise<Address> {
    const row = await (trx ?? this.db)(ADDRESSES).where({ id: addressId, customer_id: customerId }).first()
    if (row === undefined) throw new customersErrors.BR_CUSTOMERS_ADDRESS_NOT_FOUND(addressId)
    return this.toAddress(row)
  }

  async create (customerId: number, input: AddressCreateBody): Promise<Address> {
    return await this.db.transaction(async trx => {
      await this.customers.lockChangeable(trx, customerId)
      const fields = await this.checked({ company: null, line2: null, region: null, phone: null, ...input }, trx)
      const [row] = await trx(ADDRESSES).insert({ ...this.toColumns(fields), customer_id: customerId }).returning('*')
      return this.toAddress(row)
    })
  }

  /** Changes some fields; the country and postcode are checked together, whichever of them changed. */
  async update (customerId: number, addressId: number, change: AddressUpdateBody): Promise<Address> {
    return await this.db.transaction(async trx => {
      await this.customers.lockChangeable(trx, customerId)
      const current = await this.get(customerId, addressId, trx)
      const fields = await this.checked({ ...current, ...change }, trx)
      const [row] = await trx(ADDRESSES).where({ id: addressId }).update({ ...this.toColumns(fields), updated_at: trx.fn.now() }).returning('*')
      return this.toAddress(row)
    })
  }

  async delete (customerId: number, addressId: number): Promise<void> {
    await this.db.transaction(async trx => {
      await this.customers.lockChangeable(trx, customerId)
      await this.get(customerId, addressId, trx)
      await trx(ADDRESSES).where({ id: addressId }).delete()
    })
  }

  /** Erases the personal fields of every address of a customer; the country and region stay, for statistics. */
  async erase (trx: Knex.Transaction, customerId: number): Promise<void> {
    await trx(ADDRESSES).where({ customer_id: customerId }).update({
      alias: 'anonymized', first_name: '', last_name: '', company: null, line1: '', line2: null, postcode: '', city: '', phone: null, updated_at: trx.fn.now()
    })
  }

  private async checked (fields: AddressFields, trx: Knex.Transaction): Promise<AddressFields> {
    return { ...fields, postcode: await this.localization.checkedPostcode(fields.countryCode, fields.postcode, trx) }
  }

  private toColumns (fields: AddressFields): Record<string, unknown> {
    return Object.fromEntries(Object.entries(COLUMNS).map(([field, column]) => [column, fields[field as keyof AddressFields]]))
  }

  private toAddress (row: Record<string, any>): Address {
    return {
      id: row.id,
      customerId: row.customer_id,
      ...Object.fromEntries(Object.entries(COLUMNS).map(([field, column]) => [field, row[column]])) as AddressFields,
      createdAt: row.created_at,
      updatedAt: row.updated_at
    }
  }
}
