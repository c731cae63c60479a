import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { responses } from 'backroom'
import { Cart, CartAddressesBody, CartLineBody, CartLineParams, CartLineUpdateBody, CartPaymentBody, CartShippingBody } from '../../schemas.ts'
import { shopDescription as description, shopRoute as config, shopTags as tags, type ShopRouteOptions } from './index.ts'

/** /api/orders/shop/cart: the signed-in customer's cart, priced live from the catalog. */
export const cartRoutes: FastifyPluginAsync<ShopRouteOptions> = async (base, { services: { carts }, customerOf }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const response = responses({ 200: Cart })

  app.get('/cart', {
    config,
    schema: { tags, description, summary: 'The cart with live prices; taxes follow the delivery address once chosen', response }
  }, async request => await carts.view(customerOf(request)))

  app.post('/cart/lines', {
    config,
    schema: { tags, description, summary: 'Add units of a product (or variant); adding one already there adds to its quantity', body: CartLineBody, response }
  }, async request => await carts.addLine(customerOf(request), request.body))

  app.patch('/cart/lines/:lineId', {
    config,
    schema: { tags, description, summary: 'Change the quantity of a line', params: CartLineParams, body: CartLineUpdateBody, response }
  }, async request => await carts.updateLine(customerOf(request), request.params.lineId, request.body.quantity))

  app.delete('/cart/lines/:lineId', {
    config,
    schema: { tags, description, summary: 'Remove a line', params: CartLineParams, response }
  }, async request => await carts.removeLine(customerOf(request), request.params.lineId))

  app.put('/cart/addresses', {
    config,
    schema: { tags, description, summary: 'Choose the delivery and invoice addresses among one\'s own; the shipping option is to be chosen again', body: CartAddressesBody, response }
  }, async request => await carts.setAddresses(customerOf(request), request.body.deliveryAddressId, request.body.invoiceAddressId))

  app.put('/cart/shipping', {
    config,
    schema: { tags, description, summary: 'Choose one of the shipping options offered for the cart', body: CartShippingBody, response }
  }, async request => await carts.setShipping(customerOf(request), request.body))

  app.put('/cart/payment', {
    config,
    schema: { tags, description, summary: 'Choose one of the payment methods offered', body: CartPaymentBody, response }
  }, async request => await carts.setPayment(customerOf(request), request.body))
}
