import type { FastifyPluginAsync } from 'fastify'
import type { ModuleRoutesOptions } from 'backroom'
import { createOrdersServices } from '../services/orders-services.ts'
import { documentRoutes } from './documents.ts'
import { orderRoutes } from './orders.ts'
import { returnRoutes } from './returns.ts'
import { shopRoutes } from './shop/index.ts'
import { stateRoutes } from './states.ts'

/** Every orders route, sharing one set of services bound to the module context. */
export const ordersRoutes: FastifyPluginAsync<ModuleRoutesOptions> = async (app, { module }) => {
  const services = createOrdersServices(module)
  for (const routes of [stateRoutes, orderRoutes, documentRoutes, returnRoutes]) await app.register(routes, { services })
  await app.register(shopRoutes, { services, prefix: '/shop' })
}
