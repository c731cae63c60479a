import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { IdParams, responses } from 'backroom'
import { CreditSlip, CreditSlipBody, ItemsOf, MerchandiseReturn, ReturnCreateBody, ReturnListQuery, ReturnStateBody } from '../schemas.ts'
import { callerOf, tags, type OrdersRouteOptions } from './route-options.ts'

/** Merchandise returns (/api/orders/returns, /orders/:id/returns) and credit slips (/orders/:id/credit-slips). */
export const returnRoutes: FastifyPluginAsync<OrdersRouteOptions> = async (base, { services: { returns, creditSlips } }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const manage = { permission: 'returns.manage' }

  app.get('/returns', {
    config: { permission: 'read' },
    schema: { tags, summary: 'Merchandise returns, newest first, by state', querystring: ReturnListQuery, response: responses({ 200: Type.Object({ items: Type.Array(MerchandiseReturn), nextCursor: Type.Union([Type.Integer(), Type.Null()]) }) }) }
  }, async request => await returns.list({ state: request.query.state, limit: request.query.limit ?? 50, cursor: request.query.cursor }))

  app.get('/orders/:id/returns', {
    config: { permission: 'read' },
    schema: { tags, summary: 'The returns of an order', params: IdParams, response: responses({ 200: ItemsOf(MerchandiseReturn) }) }
  }, async request => ({ items: await returns.ofOrder(request.params.id) }))

  app.post('/orders/:id/returns', {
    config: manage,
    schema: { tags, summary: 'Open a return for the customer: delivered orders, within returnWindowDays of delivery', params: IdParams, body: ReturnCreateBody, response: responses({ 201: MerchandiseReturn }) }
  }, async (request, reply) => await reply.status(201).send(await returns.create(request.params.id, request.body, 'staff')))

  app.post('/returns/:id/state', {
    config: manage,
    schema: { tags, summary: 'Move a return on (completing it restocks its units) or deny it', params: IdParams, body: ReturnStateBody, response: responses({ 200: MerchandiseReturn }) }
  }, async request => await returns.changeState(request.params.id, request.body.state))

  app.get('/orders/:id/credit-slips', {
    config: { permission: 'read' },
    schema: { tags, summary: 'The credit slips of an order', params: IdParams, response: responses({ 200: ItemsOf(CreditSlip) }) }
  }, async request => ({ items: await creditSlips.list(request.params.id) }))

  app.post('/orders/:id/credit-slips', {
    config: { permission: 'refund' },
    schema: { tags, summary: 'Refund lines (units) and/or the shipping through the payment module; a full refund moves the order to Refunded', params: IdParams, body: CreditSlipBody, response: responses({ 201: CreditSlip }) }
  }, async (request, reply) => {
    const caller = callerOf(request)
    return await reply.status(201).send(await creditSlips.create(request.params.id, request.body, caller.type === 'employee' ? caller.id : null))
  })
}
