import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { IdParams, responses } from 'backroom'
import { StockLevel, StockMoveBody, StockMovements, StockMovementsQuery, StockSetBody } from '../schemas.ts'
import { employeeOf, tags, type CatalogRouteOptions } from './route-options.ts'

/** /api/catalog/products/:id/stock: every change is a ledger movement; the quantity is the ledger's sum. */
export const stockRoutes: FastifyPluginAsync<CatalogRouteOptions> = async (base, { services }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const { stock, products } = services

  app.post('/products/:id/stock/movements', {
    config: { permission: 'stock.write' },
    schema: {
      tags,
      summary: 'Add or take units of a product (or of one of its variants); below zero only when the product allows backorders',
      params: IdParams,
      body: StockMoveBody,
      response: responses({ 201: StockLevel })
    }
  }, async (request, reply) => {
    const { variantId, delta, reason, reference } = request.body
    const level = await stock.move({ productId: request.params.id, variantId, delta, reason: reason ?? 'manual', reference, employeeId: employeeOf(request) })
    return await reply.status(201).send(level)
  })

  app.put('/products/:id/stock', {
    config: { permission: 'stock.write' },
    schema: { tags, summary: 'Set the quantity of a product (or variant), written as one movement of the difference', params: IdParams, body: StockSetBody, response: responses({ 200: StockLevel }) }
  }, async request => {
    const { variantId, quantity, reason, reference } = request.body
    return await stock.set({ productId: request.params.id, variantId, quantity, reason: reason ?? 'manual', reference, employeeId: employeeOf(request) })
  })

  app.get('/products/:id/stock/movements', {
    config: { permission: 'products.read' },
    schema: { tags, summary: 'The stock ledger of a product, newest first', params: IdParams, querystring: StockMovementsQuery, response: responses({ 200: StockMovements }) }
  }, async request => {
    await products.get(request.params.id)
    const limit = request.query.limit ?? 50
    const items = await stock.movements(request.params.id, { variantId: request.query.variantId, limit, before: request.query.before })
    return { items, nextBefore: items.length === limit ? items[items.length - 1].id : null }
  })
}
