import type { Knex } from 'knex'
import { defineExtension, type ModuleTokens } from 'backroom'
import { customersErrors } from '../errors.ts'
import type { Address, Customer } from '../schemas.ts'
import type { AddressService } from './address-service.ts'
import type { CustomerService } from './customer-service.ts'
import { createCustomerServices } from './customer-services.ts'

export interface CustomerAccount {
  id: number
  email: string
  firstName: string
  lastName: string
  language: string
  active: boolean
  groupIds: number[]
  /** best default discount of the customer's groups, in basis points (0..10000) */
  discountBasisPoints: number
  company: string | null
  vatNumber: string | null
}

export interface CustomerAddress {
  id: number
  customerId: number
  alias: string
  firstName: string
  lastName: string
  company: string | null
  line1: string
  line2: string | null
  postcode: string
  city: string
  countryCode: string
  region: string | null
  phone: string | null
}

/**
 * The `customers.accounts` extension point: how another module (orders) knows the shop customer
 * behind a request, and reads accounts and addresses, within its own transaction when it passes one:
 *
 *   const [{ implementation: accounts }] = module.extensions<CustomerAccounts>('customers.accounts')
 *   const customer = await accounts.authenticate(request.headers.authorization)
 *   const shipping = await accounts.address(customer.id, body.addressId, trx)
 */
export interface CustomerAccounts {
  /** The active customer a shop request is signed in as, from its Authorization header ("Bearer <customer token>"); throws BR_CUSTOMERS_UNAUTHENTICATED (401) when missing/invalid/expired, BR_CUSTOMERS_INACTIVE (403) when deactivated. */
  authenticate (authorization: string | undefined): Promise<CustomerAccount>
  /** Throws BR_CUSTOMERS_NOT_FOUND (404). */
  get (id: number, trx?: Knex): Promise<CustomerAccount>
  /** One address of this customer; throws BR_CUSTOMERS_ADDRESS_NOT_FOUND (404) when it does not exist or is another customer's. */
  address (customerId: number, addressId: number, trx?: Knex): Promise<CustomerAddress>
}

/** The claim that tells a customer token from any other token the customers module might sign. */
export const CUSTOMER_TOKEN_TYPE = 'customer'

const BEARER = /^Bearer\s+(\S+)$/i

/** The customer a customer token names and when it was issued, or undefined when it is not one, forged or expired. */
function signedInBy (tokens: ModuleTokens, authorization: string | undefined): { id: number, issuedAt: number } | undefined {
  const token = BEARER.exec(authorization ?? '')?.[1]
  const claims = token === undefined ? null : tokens.verify(token)
  if (claims === null || claims.typ !== CUSTOMER_TOKEN_TYPE || typeof claims.iat !== 'number') return undefined
  if (typeof claims.sub !== 'string' || !/^[1-9]\d{0,9}$/.test(claims.sub)) return undefined
  return { id: Number(claims.sub), issuedAt: claims.iat }
}

const toAccount = (customer: Customer): CustomerAccount => ({
  id: customer.id,
  email: customer.email,
  firstName: customer.firstName,
  lastName: customer.lastName,
  language: customer.language,
  active: customer.active,
  groupIds: customer.groupIds,
  discountBasisPoints: customer.discountBasisPoints,
  company: customer.company,
  vatNumber: customer.vatNumber
})

const toCustomerAddress = ({ createdAt, updatedAt, ...address }: Address): CustomerAddress => address

/** The accounts of the shop's customers, as the shop routes and other modules see them. */
export function createCustomerAccounts (tokens: ModuleTokens, customers: CustomerService, addresses: AddressService): CustomerAccounts {
  return {
    async authenticate (authorization) {
      const session = signedInBy(tokens, authorization)
      if (session === undefined) {
        throw new customersErrors.BR_CUSTOMERS_UNAUTHENTICATED(authorization === undefined ? 'A customer token is required' : 'The customer token is not valid or has expired')
      }
      // Read on every request, so a deactivation or a password change shuts the token out at once.
      const customer = await customers.findSignedIn(session.id, session.issuedAt)
      if (customer === undefined) throw new customersErrors.BR_CUSTOMERS_UNAUTHENTICATED('The customer token is not valid or has expired')
      if (!customer.active) throw new customersErrors.BR_CUSTOMERS_INACTIVE()
      return toAccount(customer)
    },
    get: async (id, trx) => toAccount(await customers.get(id, trx)),
    address: async (customerId, addressId, trx) => toCustomerAddress(await addresses.get(customerId, addressId, trx))
  }
}

// Built with the customers module's own context: its tokens are the ones the shop login signs.
export const customerAccounts = defineExtension<CustomerAccounts>(customers => {
  const services = createCustomerServices(customers)
  return createCustomerAccounts(customers.tokens, services.customers, services.addresses)
})
