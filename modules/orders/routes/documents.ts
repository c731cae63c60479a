import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { IdParams, responses } from 'backroom'
import { deliverySlipPdf, invoicePdf } from '../documents/order-documents.ts'
import { Invoice, PdfDocument } from '../schemas.ts'
import { tags, type OrdersRouteOptions } from './route-options.ts'

/** /api/orders/orders/:id/{invoice,invoice.pdf,delivery-slip.pdf}: an order's documents. */
export const documentRoutes: FastifyPluginAsync<OrdersRouteOptions> = async (base, { services }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const { orders, invoices, db } = services
  const config = { permission: 'invoice' }
  const pdf = responses({ 200: PdfDocument })

  app.post('/orders/:id/invoice', {
    config,
    schema: { tags, summary: 'Create the order\'s invoice now (201), or give the one it has (200)', params: IdParams, response: responses({ 200: Invoice, 201: Invoice }) }
  }, async (request, reply) => {
    const { invoice, created } = await db.transaction(async trx => {
      await services.orderRecords.lock(request.params.id, trx)
      return await invoices.ensure(request.params.id, trx)
    })
    return await reply.status(created ? 201 : 200).send(invoice)
  })

  app.get('/orders/:id/invoice.pdf', {
    config,
    schema: { tags, summary: 'The invoice as a PDF (404 BR_ORDERS_INVOICE_NOT_FOUND before one exists)', params: IdParams, produces: ['application/pdf'], response: pdf }
  }, async (request, reply) => {
    const order = await orders.get(request.params.id)
    const invoice = await invoices.get(order.id)
    const bytes = await invoicePdf(order, invoice, await services.moneyFormat(order.currency))
    return await reply.type('application/pdf').header('content-disposition', `inline; filename="${invoice.number}.pdf"`).send(bytes)
  })

  app.get('/orders/:id/delivery-slip.pdf', {
    config,
    schema: { tags, summary: 'The delivery slip as a PDF: lines and quantities, no prices', params: IdParams, produces: ['application/pdf'], response: pdf }
  }, async (request, reply) => {
    const order = await orders.get(request.params.id)
    return await reply.type('application/pdf').header('content-disposition', `inline; filename="delivery-slip-${order.reference}.pdf"`).send(await deliverySlipPdf(order))
  })
}
