import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { CustomerAccount } from '../../services/customers.ts'
import type { OrdersRouteOptions } from '../route-options.ts'
import { cartRoutes } from './cart.ts'
import { checkoutRoutes } from './checkout.ts'
import { shopOrderRoutes } from './orders.ts'

export interface ShopRouteOptions extends OrdersRouteOptions {
  /** The customer a shop request is signed in as, checked by the customers module. */
  customerOf: (request: FastifyRequest) => CustomerAccount
}

/**
 * /api/orders/shop: what customers do themselves. Public in the core's terms: every request
 * passes one hook that admits an active customer's token (401 or 403 from the customers module).
 */
export const shopRoutes: FastifyPluginAsync<OrdersRouteOptions> = async (app, { services }) => {
  const signedIn = new WeakMap<FastifyRequest, CustomerAccount>()
  app.addHook('onRequest', async request => { signedIn.set(request, await services.accounts().authenticate(request.headers.authorization)) })
  const customerOf = (request: FastifyRequest): CustomerAccount => signedIn.get(request)!
  for (const routes of [cartRoutes, checkoutRoutes, shopOrderRoutes]) await app.register(routes, { services, customerOf })
}

export const shopRoute = { public: true }
export const shopTags = ['orders: shop']
export const shopDescription = 'Needs Authorization: Bearer <customer token> (from the customers module\'s shop login); 401 BR_CUSTOMERS_UNAUTHENTICATED without a valid one.'
