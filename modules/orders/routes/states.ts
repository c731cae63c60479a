import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { IdParams, responses } from 'backroom'
import { ItemsOf, OrderState, StateCreateBody, StateUpdateBody } from '../schemas.ts'
import { tags, type OrdersRouteOptions } from './route-options.ts'

/** /api/orders/states: the admin-editable list of order states and their transitions. */
export const stateRoutes: FastifyPluginAsync<OrdersRouteOptions> = async (base, { services: { states } }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const write = { permission: 'write' }

  app.get('/states', {
    config: { permission: 'read' },
    schema: { tags, summary: 'Every order state with its flags, names and the states it may move to', response: responses({ 200: ItemsOf(OrderState) }) }
  }, async () => ({ items: await states.list() }))

  app.get('/states/:id', {
    config: { permission: 'read' },
    schema: { tags, summary: 'One order state', params: IdParams, response: responses({ 200: OrderState }) }
  }, async request => await states.get(request.params.id))

  app.post('/states', {
    config: write,
    schema: { tags, summary: 'Create an order state, named at least in the default language, with its transitions', body: StateCreateBody, response: responses({ 201: OrderState }) }
  }, async (request, reply) => await reply.status(201).send(await states.create(request.body)))

  app.patch('/states/:id', {
    config: write,
    schema: { tags, summary: 'Rename, recolour or reflag a state; names merge by language, next and previous replace its transitions', params: IdParams, body: StateUpdateBody, response: responses({ 200: OrderState }) }
  }, async request => await states.update(request.params.id, request.body))

  app.delete('/states/:id', {
    config: write,
    schema: { tags, summary: 'Delete a state staff created, if no order is or was in it', params: IdParams, response: responses({ 204: Type.Null() }) }
  }, async (request, reply) => {
    await states.delete(request.params.id)
    return await reply.status(204).send(null)
  })
}
