import type { Readable } from 'node:stream'
import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { IdParams, responses } from 'backroom'
import { ExportQuery, HistoryEntry, ItemsOf, ManualOrderBody, Order, OrderListQuery, OrderPage, StateChangeBody, TrackingBody } from '../schemas.ts'
import { exportOrders } from '../services/order-export.ts'
import { callerOf, tags, type OrdersRouteOptions } from './route-options.ts'

/** /api/orders/orders: the back office's order list, an order's page, manual orders and state changes. */
export const orderRoutes: FastifyPluginAsync<OrdersRouteOptions> = async (base, { services }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const { orders, search, states } = services
  const read = { permission: 'read' }

  app.get('/orders', {
    config: read,
    schema: { tags, summary: 'Filter orders (newest first by default), a page at a time (keyset cursor), with the total count', querystring: OrderListQuery, response: responses({ 200: OrderPage }) }
  }, async request => {
    const query = request.query
    return await search.page({ ...query, sort: query.sort ?? 'date', order: query.order ?? 'desc', limit: query.limit ?? 50 })
  })

  app.get('/orders/export.csv', {
    config: { permission: 'export', audit: true },
    schema: { tags, summary: 'The filtered order list as CSV, streamed', querystring: ExportQuery, response: responses({ 200: Type.Unsafe<Readable>({ type: 'string', description: 'text/csv' }) }) }
  }, async (request, reply) => {
    const query = request.query
    const { exportBatchSize } = await services.settings()
    const csv = await exportOrders(search, { ...query, sort: query.sort ?? 'date', order: query.order ?? 'desc' }, exportBatchSize, await states.refs())
    return await reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="orders.csv"').send(csv)
  })

  app.get('/orders/:id', {
    config: read,
    schema: { tags, summary: 'One order with its lines, addresses, totals and invoice number', params: IdParams, response: responses({ 200: Order }) }
  }, async request => await orders.get(request.params.id))

  app.get('/orders/:id/history', {
    config: read,
    schema: { tags, summary: 'Every state the order went through, oldest first, with who moved it and when', params: IdParams, response: responses({ 200: ItemsOf(HistoryEntry) }) }
  }, async request => ({ items: await orders.history(request.params.id) }))

  app.post('/orders', {
    config: { permission: 'write' },
    schema: { tags, summary: 'Place an order for a customer (a phone order); stock is taken at once', body: ManualOrderBody, response: responses({ 201: Order }) }
  }, async (request, reply) => await reply.status(201).send(await services.manualOrders.create(request.body, callerOf(request))))

  app.post('/orders/:id/state', {
    config: { permission: 'state' },
    schema: { tags, summary: 'Move an order to another state, as the transition table allows', params: IdParams, body: StateChangeBody, response: responses({ 200: Order }) }
  }, async request => await orders.view(await orders.changeState(request.params.id, request.body.stateId, callerOf(request))))

  app.put('/orders/:id/tracking', {
    config: { permission: 'state' },
    schema: { tags, summary: 'Set (or clear) the tracking number of the parcel', params: IdParams, body: TrackingBody, response: responses({ 200: Order }) }
  }, async request => await orders.setTracking(request.params.id, request.body.trackingNumber))
}
