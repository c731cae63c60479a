import type { FastifyPluginAsync } from 'fastify'
import type { ModuleRoutesOptions } from 'backroom'
import { createCustomerAccounts } from '../services/accounts-extension.ts'
import { createCustomerServices } from '../services/customer-services.ts'
import { customerRoutes } from './customers.ts'
import { groupRoutes } from './groups.ts'
import { shopRoutes } from './shop.ts'

/** Every customers route, sharing one set of services bound to the module context. */
export const customersRoutes: FastifyPluginAsync<ModuleRoutesOptions> = async (app, { module }) => {
  const services = createCustomerServices(module)
  const options = { services, accounts: createCustomerAccounts(module.tokens, services.customers, services.addresses) }
  await app.register(customerRoutes, options)
  await app.register(groupRoutes, options)
  await app.register(shopRoutes, { ...options, prefix: '/shop' })
}
