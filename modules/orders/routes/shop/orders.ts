import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { responses } from 'backroom'
import { ordersErrors } from '../../errors.ts'
import { ItemsOf, MerchandiseReturn, Order, ReferenceParams, ReturnCreateBody, ShopOrderListQuery, ShopOrderPage } from '../../schemas.ts'
import type { OrderRecord } from '../../services/order-repository.ts'
import { shopDescription as description, shopRoute as config, shopTags as tags, type ShopRouteOptions } from './index.ts'

/** /api/orders/shop/orders: the signed-in customer's own orders. */
export const shopOrderRoutes: FastifyPluginAsync<ShopRouteOptions> = async (base, { services, customerOf }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const { orders, orderRecords, search, returns } = services

  app.get('/orders', {
    config,
    schema: { tags, description, summary: 'One\'s orders, newest first', querystring: ShopOrderListQuery, response: responses({ 200: ShopOrderPage }) }
  }, async request => {
    return await search.ofCustomer(customerOf(request).id, { limit: request.query.limit ?? 20, cursor: request.query.cursor })
  })

  const ownOrder = async (request: FastifyRequest, { reference }: ReferenceParams): Promise<OrderRecord> => {
    const order = await orderRecords.findByReference(reference)
    if (order === undefined || order.customerId !== customerOf(request).id) throw new ordersErrors.BR_ORDERS_NOT_FOUND(reference)
    return order
  }

  app.get('/orders/:reference', {
    config,
    schema: { tags, description, summary: 'One of one\'s orders, by its reference', params: ReferenceParams, response: responses({ 200: Order }) }
  }, async request => await orders.view(await ownOrder(request, request.params)))

  app.get('/orders/:reference/returns', {
    config,
    schema: { tags, description, summary: 'The returns of one of one\'s orders', params: ReferenceParams, response: responses({ 200: ItemsOf(MerchandiseReturn) }) }
  }, async request => ({ items: await returns.ofOrder((await ownOrder(request, request.params)).id, customerOf(request).language) }))

  app.post('/orders/:reference/returns', {
    config,
    schema: { tags, description, summary: 'Ask to return units of a delivered order, within the return window', params: ReferenceParams, body: ReturnCreateBody, response: responses({ 201: MerchandiseReturn }) }
  }, async (request, reply) => await reply.status(201).send(await returns.create((await ownOrder(request, request.params)).id, request.body, 'customer', customerOf(request).language)))
}
