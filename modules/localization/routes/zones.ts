import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { IdParams, responses } from 'backroom'
import { ActiveQuery, ItemsOf, NoContent, Zone, ZoneCreate, ZoneDeleteQuery, ZoneUpdate } from '../schemas.ts'
import type { LocalizationServices } from '../services/index.ts'

export const zoneRoutes: FastifyPluginAsync<{ services: LocalizationServices }> = async (base, { services: { zones } }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['localization']

  app.get('/zones', {
    config: { permission: 'zones.read' },
    schema: { tags, summary: 'List zones with the number of countries in each', querystring: ActiveQuery, response: responses({ 200: ItemsOf(Zone) }) }
  }, async request => ({ items: await zones.list(request.query) }))

  app.get('/zones/:id', {
    config: { permission: 'zones.read' },
    schema: { tags, summary: 'One zone', params: IdParams, response: responses({ 200: Zone }) }
  }, async request => await zones.get(request.params.id))

  app.post('/zones', {
    config: { permission: 'zones.write' },
    schema: { tags, summary: 'Add a zone', body: ZoneCreate, response: responses({ 201: Zone }) }
  }, async (request, reply) => await reply.status(201).send(await zones.create(request.body)))

  app.patch('/zones/:id', {
    config: { permission: 'zones.write' },
    schema: { tags, summary: 'Rename, activate or deactivate a zone', params: IdParams, body: ZoneUpdate, response: responses({ 200: Zone }) }
  }, async request => await zones.update(request.params.id, request.body))

  app.delete('/zones/:id', {
    config: { permission: 'zones.write' },
    schema: {
      tags,
      summary: 'Delete a zone; a zone holding countries needs moveCountriesTo, or is kept (409)',
      params: IdParams,
      querystring: ZoneDeleteQuery,
      response: responses({ 204: NoContent })
    }
  }, async (request, reply) => {
    await zones.remove(request.params.id, request.query.moveCountriesTo)
    return await reply.status(204).send(null)
  })
}
