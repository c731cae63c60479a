import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { responses } from 'backroom'
import { Country, CountryCreate, CountryListQuery, CountryPage, CountryParams, CountryUpdate, NoContent, PostcodeCheck, PostcodeCheckQuery } from '../schemas.ts'
import { checkPostcode } from '../services/postcodes.ts'
import type { LocalizationServices } from '../services/index.ts'

export const countryRoutes: FastifyPluginAsync<{ services: LocalizationServices }> = async (base, { services: { countries } }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['localization']

  app.get('/countries', {
    config: { permission: 'countries.read' },
    schema: { tags, summary: 'List countries by code, filtered by zone and activity; keyset-paginated', querystring: CountryListQuery, response: responses({ 200: CountryPage }) }
  }, async request => await countries.list(request.query))

  app.get('/countries/:code', {
    config: { permission: 'countries.read' },
    schema: { tags, summary: 'One country', params: CountryParams, response: responses({ 200: Country }) }
  }, async request => await countries.get(request.params.code))

  app.get('/countries/:code/postcode-check', {
    config: { permission: 'countries.read' },
    schema: { tags, summary: 'Whether a postcode is valid for the country', params: CountryParams, querystring: PostcodeCheckQuery, response: responses({ 200: PostcodeCheck }) }
  }, async request => checkPostcode(await countries.get(request.params.code), request.query.postcode))

  app.post('/countries', {
    config: { permission: 'countries.write' },
    schema: { tags, summary: 'Add a country to a zone', body: CountryCreate, response: responses({ 201: Country }) }
  }, async (request, reply) => await reply.status(201).send(await countries.create(request.body)))

  app.patch('/countries/:code', {
    config: { permission: 'countries.write' },
    schema: { tags, summary: 'Change a country: name, zone, activity, postcode rules', params: CountryParams, body: CountryUpdate, response: responses({ 200: Country }) }
  }, async request => await countries.update(request.params.code, request.body))

  app.delete('/countries/:code', {
    config: { permission: 'countries.write' },
    schema: { tags, summary: 'Delete a country that no tax rate or dependent record references (deactivate it otherwise)', params: CountryParams, response: responses({ 204: NoContent }) }
  }, async (request, reply) => {
    await countries.remove(request.params.code)
    return await reply.status(204).send(null)
  })
}
