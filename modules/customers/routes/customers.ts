import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { responses } from 'backroom'
import {
  AddressParams, Customer, CustomerCreateBody, CustomerDetail, CustomerExport, CustomerListQuery, CustomerPage, CustomerParams,
  CustomerUpdateBody, OrdersPage, OrdersQuery
} from '../schemas.ts'
import { registerAddressRoutes } from './address-routes.ts'
import { staffOrigin, tags, type CustomersRouteOptions } from './route-options.ts'

/** /api/customers/customers: the staff's customer accounts. Customers are deactivated or anonymized, never deleted. */
export const customerRoutes: FastifyPluginAsync<CustomersRouteOptions> = async (base, { services }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const { customers, addresses, search, history, gdpr } = services
  const read = { permission: 'read' }
  const write = { permission: 'write' }
  const detail = async (id: number): Promise<CustomerDetail> => ({
    ...await customers.get(id),
    addresses: await addresses.list(id),
    history: await history.summary(id)
  })

  app.get('/customers', {
    config: read,
    schema: {
      tags,
      summary: 'Filter and search customers, a page at a time (keyset cursor), with the total count',
      description: 'q matches prefixes of the words of the names and company, and a prefix of the email. Newest first by default.',
      querystring: CustomerListQuery,
      response: responses({ 200: CustomerPage })
    }
  }, async request => await search.list(request.query))

  app.post('/customers', {
    config: write,
    schema: { tags, summary: 'Create a customer account; it joins the default group unless groupIds says otherwise', body: CustomerCreateBody, response: responses({ 201: CustomerDetail }) }
  }, async (request, reply) => await reply.status(201).send(await detail(await customers.create(request.body, staffOrigin(request)))))

  app.get('/customers/:id', {
    config: read,
    schema: { tags, summary: 'One customer with addresses, groups, consents and order summary (from the module implementing customers.history)', params: CustomerParams, response: responses({ 200: CustomerDetail }) }
  }, async request => await detail(request.params.id))

  app.patch('/customers/:id', {
    config: write,
    schema: { tags, summary: 'Edit a customer; groupIds replaces the groups; a consent change records the time and the request\'s IP address', params: CustomerParams, body: CustomerUpdateBody, response: responses({ 200: CustomerDetail }) }
  }, async request => {
    await customers.update(request.params.id, request.body, staffOrigin(request))
    return await detail(request.params.id)
  })

  for (const [action, active] of [['activate', true], ['deactivate', false]] as const) {
    app.post(`/customers/:id/${action}`, {
      config: write,
      schema: { tags, summary: active ? 'Reactivate a customer account' : 'Deactivate a customer account: it cannot log in, and its tokens stop working at once', params: CustomerParams, response: responses({ 200: Customer }) }
    }, async request => await customers.setActive(request.params.id, active))
  }

  app.get('/customers/:id/orders', {
    config: read,
    schema: { tags, summary: 'A customer\'s orders, a page at a time, from the module implementing customers.history (none without one)', params: CustomerParams, querystring: OrdersQuery, response: responses({ 200: OrdersPage }) }
  }, async request => {
    await customers.assertExists(request.params.id)
    const { limit = 20, cursor } = request.query
    return await history.orders(request.params.id, { limit, ...(cursor === undefined ? {} : { cursor }) })
  })

  app.get('/customers/:id/export', {
    config: { permission: 'export', audit: true },
    schema: { tags, summary: 'Everything held about a customer, as JSON (GDPR right of access), other modules\' data included', params: CustomerParams, response: responses({ 200: CustomerExport }) }
  }, async request => await gdpr.export(request.params.id))

  app.post('/customers/:id/anonymize', {
    config: { permission: 'anonymize' },
    schema: { tags, summary: 'Erase a customer\'s personal data and deactivate the account, irreversibly (GDPR right to erasure); orders are kept', params: CustomerParams, response: responses({ 200: Customer }) }
  }, async request => await gdpr.anonymize(request.params.id))

  registerAddressRoutes(app, addresses, {
    url: '/customers/:id/addresses',
    params: CustomerParams,
    itemParams: AddressParams,
    read,
    write,
    customerId: request => (request.params as { id: number }).id,
    whose: 'a customer\'s',
    tags
  })
}
