import { verifyPassword, type ModuleTokens } from 'backroom'
import { customersErrors } from '../errors.ts'
import type { Customer, CustomersSettings, OwnProfile, OwnProfileUpdateBody, RegisterBody, ShopSession } from '../schemas.ts'
import { CUSTOMER_TOKEN_TYPE } from './accounts-extension.ts'
import type { ChangeOrigin } from './consents.ts'
import type { CustomerService } from './customer-service.ts'
import { emailKey, ipKey, type LoginThrottle } from './login-throttle.ts'

export const toOwnProfile = (customer: Customer): OwnProfile => ({
  id: customer.id,
  email: customer.email,
  firstName: customer.firstName,
  lastName: customer.lastName,
  language: customer.language,
  phone: customer.phone,
  company: customer.company,
  vatNumber: customer.vatNumber,
  birthday: customer.birthday,
  newsletter: customer.newsletter.optedIn,
  partner: customer.partner.optedIn,
  createdAt: customer.createdAt
})

const shopOrigin = (ip: string): ChangeOrigin => ({ source: 'shop', ip, employeeId: null })

/**
 * What customers do for themselves in the shop: register, log in, refresh their short-lived
 * token and edit their account. Logging out is the client forgetting its token.
 */
export class ShopSessions {
  constructor (
    private readonly tokens: ModuleTokens,
    private readonly settings: () => Promise<CustomersSettings>,
    private readonly customers: CustomerService,
    private readonly throttle: LoginThrottle
  ) {}

  async register (input: RegisterBody, ip: string): Promise<ShopSession> {
    return await this.open(await this.customers.create(input, shopOrigin(ip)))
  }

  /**
   * Counts the attempt per IP address and per email before checking the password, and says
   * nothing about the account (deactivated) before the password matched.
   */
  async login (email: string, password: string, ip: string): Promise<ShopSession> {
    const settings = await this.settings()
    await this.throttle.hit(ipKey(ip), { max: settings.loginMaxPerIp, windowSeconds: settings.loginWindowSeconds })
    await this.throttle.hit(emailKey(email), { max: settings.loginMaxPerAccount, windowSeconds: settings.loginWindowSeconds })
    const account = await this.customers.findLogin(email)
    const matched = await verifyPassword(account?.password_hash, password)
    if (account === undefined || !matched) throw new customersErrors.BR_CUSTOMERS_INVALID_CREDENTIALS()
    if (!account.active) throw new customersErrors.BR_CUSTOMERS_INACTIVE()
    await this.throttle.clear(emailKey(email))
    return await this.open(account.id)
  }

  /** A fresh token for a customer already signed in (the shop's hook checked the current one). */
  async refresh (customerId: number): Promise<ShopSession> {
    return await this.open(customerId)
  }

  /** The customer's own changes; a new email or password needs the current password. */
  async updateOwn (customerId: number, change: OwnProfileUpdateBody, ip: string): Promise<OwnProfile> {
    const { currentPassword, ...profile } = change
    if (profile.email !== undefined || profile.password !== undefined) {
      const matched = currentPassword !== undefined && await verifyPassword(await this.customers.passwordHash(customerId), currentPassword)
      if (!matched) throw new customersErrors.BR_CUSTOMERS_REAUTHENTICATION_FAILED()
    }
    if (Object.keys(profile).length === 0) return toOwnProfile(await this.customers.get(customerId))
    return toOwnProfile(await this.customers.update(customerId, profile, shopOrigin(ip)))
  }

  private async open (customerId: number): Promise<ShopSession> {
    const { tokenTtlSeconds } = await this.settings()
    const token = this.tokens.sign({ sub: String(customerId), typ: CUSTOMER_TOKEN_TYPE }, { expiresInSeconds: tokenTtlSeconds })
    return { token, expiresIn: tokenTtlSeconds, customer: toOwnProfile(await this.customers.get(customerId)) }
  }
}
