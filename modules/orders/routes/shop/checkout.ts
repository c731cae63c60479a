import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { responses } from 'backroom'
import { CheckoutResult, PaymentMethods, ShippingOptions } from '../../schemas.ts'
import { shopDescription as description, shopRoute as config, shopTags as tags, type ShopRouteOptions } from './index.ts'

/** /api/orders/shop: shipping options, payment methods and placing the order. */
export const checkoutRoutes: FastifyPluginAsync<ShopRouteOptions> = async (base, { services: { carts, checkout }, customerOf }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()

  app.get('/shipping-options', {
    config,
    schema: { tags, description, summary: 'What the enabled shipping modules offer for the cart and its delivery address (409 without one)', response: responses({ 200: ShippingOptions }) }
  }, async request => ({ items: await carts.shippingOptions(customerOf(request)) }))

  app.get('/payment-methods', {
    config,
    schema: { tags, description, summary: 'What the enabled payment modules offer for the cart (409 without one)', response: responses({ 200: PaymentMethods }) }
  }, async request => ({ items: (await carts.paymentMethods(customerOf(request))).map(({ module, id, name }) => ({ module, id, name })) }))

  app.post('/checkout', {
    config,
    schema: {
      tags,
      description,
      summary: 'Place the cart as an order: stock taken and payment started in one transaction; a pending payment may give a redirect URL',
      response: responses({ 201: CheckoutResult })
    }
  }, async (request, reply) => await reply.status(201).send(await checkout.checkout(customerOf(request))))
}
