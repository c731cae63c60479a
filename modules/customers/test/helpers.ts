import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { expectStatus, startWorkspacePlatform, type Caller, type WorkspacePlatform } from '../../../test/helpers/workspace-platform.ts'

export type { Caller } from '../../../test/helpers/workspace-platform.ts'

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures')

interface TestContext { teardown: (fn: () => Promise<void> | void) => void }

export const PASSWORD = 'a secret long enough'
export const customersUrl = '/api/customers/customers'
export const shopUrl = '/api/customers/shop'

export interface ShopSession { token: string, expiresIn: number, customer: Record<string, any> }

export interface CustomersPlatform {
  shop: WorkspacePlatform
  asAdmin: Caller
  /** A caller signed in as a new employee of the named profile. */
  employee (profile: string): Promise<Caller>
  /** A caller holding exactly these permissions, through a profile made for it. */
  holding (permissions: string[]): Promise<Caller>
  /** A caller sending this customer token, from this IP address (127.0.0.1 by default). */
  asCustomer (token: string, ip?: string): Caller
  /** Registers through the shop (a fresh email unless given) and returns the session. */
  register (overrides?: Record<string, unknown>, ip?: string): Promise<ShopSession>
  /** The shop login's answer. */
  login (email: string, password?: string, ip?: string): Promise<LightMyRequestResponse>
  /** Creates a customer as the SuperAdmin (a fresh email unless given) and returns its body. */
  createCustomer (overrides?: Record<string, unknown>): Promise<Record<string, any>>
  /** Domain events of a name written so far, oldest first. */
  events (name: string): Promise<Array<Record<string, any>>>
}

let emails = 0
/** A fresh email, unique across the tests of a process. */
export const freshEmail = (name = 'customer'): string => `${name}${++emails}@shop.test`

/** A platform whose modules are localization, customers and the named fixtures of this folder, all installed. */
export async function startCustomers (t: TestContext, fixtures: string[] = []): Promise<CustomersPlatform> {
  const shop = await startWorkspacePlatform(t, { modules: ['localization', 'customers'], fixtures: fixtures.map(name => path.join(FIXTURES, name)) })
  const inject = async (options: InjectOptions): Promise<LightMyRequestResponse> => await shop.app.inject(options)
  const login = async (email: string, password = PASSWORD, ip = '127.0.0.1'): Promise<LightMyRequestResponse> =>
    await inject({ method: 'POST', url: `${shopUrl}/login`, payload: { email, password }, remoteAddress: ip })
  return {
    shop,
    asAdmin: shop.asAdmin,
    employee: shop.employee,
    holding: shop.holding,
    asCustomer: (token, ip = '127.0.0.1') => async options => await inject({ ...options, remoteAddress: ip, headers: { authorization: `Bearer ${token}`, ...options.headers } }),
    async register (overrides = {}, ip = '127.0.0.1') {
      const payload = { email: freshEmail(), password: PASSWORD, firstName: 'Jane', lastName: 'Doe', ...overrides }
      return (await expectStatus(inject({ method: 'POST', url: `${shopUrl}/register`, payload, remoteAddress: ip }), 201)).json()
    },
    login,
    async createCustomer (overrides = {}) {
      const payload = { email: freshEmail(), firstName: 'John', lastName: 'Smith', ...overrides }
      return (await expectStatus(shop.asAdmin({ method: 'POST', url: customersUrl, payload }), 201)).json()
    },
    events: shop.events
  }
}
