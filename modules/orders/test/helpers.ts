import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { expectStatus, startWorkspacePlatform, type Caller, type WorkspacePlatform } from '../../../test/helpers/workspace-platform.ts'

export { expectStatus } from '../../../test/helpers/workspace-platform.ts'

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures')

interface TestContext { teardown: (fn: () => Promise<void> | void) => void }

export type { Caller }

export interface ShopCustomer {
  id: number
  email: string
  /** A caller signed in as this customer on the shop routes. */
  shop: Caller
  /** Its one address, in France (20 % VAT on the standard rate). */
  addressId: number
}

export interface OrdersPlatform extends WorkspacePlatform {
  /** Creates a published product (price 1000, standard tax rule, 500 g) with overrides; returns its body. */
  product (sku: string, overrides?: Record<string, unknown>): Promise<any>
  /** Registers a customer through the customers module's shop routes, with one address. */
  customer (overrides?: { country?: string, postcode?: string, language?: string, groupDiscount?: number }): Promise<ShopCustomer>
  /** Places a staff order of these lines (1 unit of a new product when left out) for a customer. */
  manualOrder (customer: ShopCustomer, payload?: Record<string, unknown>): Promise<any>
  /** The id of a default state by its key. */
  stateId (key: string): Promise<number>
  /** Moves an order as the SuperAdmin, expecting success. */
  moveTo (orderId: number, key: string): Promise<any>
  /** The catalog stock of a product. */
  stockOf (productId: number): Promise<number>
}

export interface OrdersOptions {
  /** Fixture modules of test/fixtures to install too (shipping, payment). */
  fixtures?: string[]
  env?: Record<string, string>
}


/** A platform serving localization, catalog, customers and orders, installed, with the named fixtures. */
export async function startOrders (t: TestContext, options: OrdersOptions = {}): Promise<OrdersPlatform> {
  const shop = await startWorkspacePlatform(t, {
    modules: ['localization', 'catalog', 'customers', 'orders'],
    fixtures: (options.fixtures ?? []).map(name => path.join(FIXTURES, name)),
    env: options.env
  })
  const asAdmin = shop.asAdmin
  const knex = shop.database.knex
  const standardRate = (await knex('localization.tax_rules').orderBy('id').first('id')).id
  const category = (await expectStatus(asAdmin({ method: 'POST', url: '/api/catalog/categories', payload: { parentId: null, translations: { en: { name: 'Shop' } } } }), 201)).json().id
  let customers = 0
  let products = 0
  const stateIds = new Map<string, number>((await knex('orders.states').whereNotNull('key').select('key', 'id')).map(row => [row.key, row.id]))
  const stateId = async (key: string): Promise<number> => stateIds.get(key) ?? Promise.reject(new Error(`no state ${key}`))
  const platform: OrdersPlatform = Object.assign(shop, {
    async product (sku: string, overrides: Record<string, unknown> = {}) {
      const payload = { sku, price: 1000, taxRuleId: standardRate, weightGrams: 500, active: true, defaultCategoryId: category, translations: { en: { name: `Product ${sku}` }, fr: { name: `Produit ${sku}` } }, ...overrides }
      return (await expectStatus(asAdmin({ method: 'POST', url: '/api/catalog/products', payload }), 201)).json()
    },
    async customer (overrides: { country?: string, postcode?: string, language?: string, groupDiscount?: number } = {}) {
      customers += 1
      const email = `customer${customers}@shop.test`
      const session = (await expectStatus(shop.app.inject({
        method: 'POST',
        url: '/api/customers/shop/register',
        payload: { email, password: 'a long enough password', firstName: 'Ada', lastName: `Customer ${customers}`, ...(overrides.language === undefined ? {} : { language: overrides.language }) }
      }), 201)).json()
      const caller: Caller = async (inject: InjectOptions) => await shop.app.inject({ ...inject, headers: { authorization: `Bearer ${session.token as string}`, ...inject.headers } })
      const address = (await expectStatus(caller({
        method: 'POST',
        url: '/api/customers/shop/me/addresses',
        payload: { alias: 'Home', firstName: 'Ada', lastName: `Customer ${customers}`, line1: '1 rue de la Paix', postcode: overrides.postcode ?? '75002', city: 'Paris', countryCode: overrides.country ?? 'FR' }
      }), 201)).json()
      if (overrides.groupDiscount !== undefined) {
        const group = (await expectStatus(asAdmin({ method: 'POST', url: '/api/customers/groups', payload: { name: `Group ${customers}`, discountBasisPoints: overrides.groupDiscount } }), 201)).json()
        await expectStatus(asAdmin({ method: 'PATCH', url: `/api/customers/customers/${session.customer.id as number}`, payload: { groupIds: [group.id] } }), 200)
      }
      return { id: session.customer.id, email, shop: caller, addressId: address.id }
    },
    async manualOrder (customer: ShopCustomer, payload: Record<string, unknown> = {}) {
      const lines = payload.lines ?? [{ productId: (await platform.product(`AUTO-${++products}`, { quantity: 100 })).id, quantity: 1 }]
      const body = { customerId: customer.id, deliveryAddressId: customer.addressId, paymentMethod: 'Bank wire', ...payload, lines }
      return (await expectStatus(asAdmin({ method: 'POST', url: '/api/orders/orders', payload: body }), 201)).json()
    },
    stateId,
    async moveTo (orderId: number, key: string) {
      return (await expectStatus(asAdmin({ method: 'POST', url: `/api/orders/orders/${orderId}/state`, payload: { stateId: await stateId(key) } }), 200)).json()
    },
    async stockOf (productId: number) {
      return (await knex('catalog.products').where({ id: productId }).first('quantity')).quantity
    }
  })
  return platform
}

/** Fills a customer's cart and chooses its address, a shipping option and a payment method. */
export async function readyCart (customer: ShopCustomer, lines: Array<{ productId: number, variantId?: number, quantity: number }>, choices: { optionId?: string, methodId?: string } = {}): Promise<void> {
  for (const line of lines) await expectStatus(customer.shop({ method: 'POST', url: '/api/orders/shop/cart/lines', payload: line }), 200)
  await expectStatus(customer.shop({ method: 'PUT', url: '/api/orders/shop/cart/addresses', payload: { deliveryAddressId: customer.addressId } }), 200)
  await expectStatus(customer.shop({ method: 'PUT', url: '/api/orders/shop/cart/shipping', payload: { module: 'test_carrier', optionId: choices.optionId ?? 'standard' } }), 200)
  await expectStatus(customer.shop({ method: 'PUT', url: '/api/orders/shop/cart/payment', payload: { module: 'test_payment', methodId: choices.methodId ?? 'instant' } }), 200)
}
