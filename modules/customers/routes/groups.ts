import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { IdParams, responses } from 'backroom'
import { Group, GroupCreateBody, GroupList, GroupUpdateBody } from '../schemas.ts'
import { tags, type CustomersRouteOptions } from './route-options.ts'

/** /api/customers/groups: customer groups and their default discounts (B2B prices). */
export const groupRoutes: FastifyPluginAsync<CustomersRouteOptions> = async (base, { services }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const { groups } = services
  const read = { permission: 'read' }
  const write = { permission: 'write' }

  app.get('/groups', {
    config: read,
    schema: { tags, summary: 'Every customer group, by name, with its member count', response: responses({ 200: GroupList }) }
  }, async () => ({ items: await groups.list() }))

  app.get('/groups/:id', {
    config: read,
    schema: { tags, summary: 'One customer group', params: IdParams, response: responses({ 200: Group }) }
  }, async request => await groups.get(request.params.id))

  app.post('/groups', {
    config: write,
    schema: { tags, summary: 'Create a customer group; isDefault makes new customers join it', body: GroupCreateBody, response: responses({ 201: Group }) }
  }, async (request, reply) => await reply.status(201).send(await groups.create(request.body)))

  app.patch('/groups/:id', {
    config: write,
    schema: { tags, summary: 'Rename a group, change its discount, or make it the default (the previous default stops being one)', params: IdParams, body: GroupUpdateBody, response: responses({ 200: Group }) }
  }, async request => await groups.update(request.params.id, request.body))

  app.delete('/groups/:id', {
    config: write,
    schema: { tags, summary: 'Delete an empty customer group', params: IdParams, response: responses({ 204: Type.Null() }) }
  }, async (request, reply) => {
    await groups.delete(request.params.id)
    return await reply.status(204).send(null)
  })
}
