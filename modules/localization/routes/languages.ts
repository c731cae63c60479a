import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { responses } from 'backroom'
import { ActiveQuery, ItemsOf, Language, LanguageCreate, LanguageParams, LanguageUpdate, NoContent } from '../schemas.ts'
import type { LocalizationServices } from '../services/index.ts'

export const languageRoutes: FastifyPluginAsync<{ services: LocalizationServices }> = async (base, { services: { languages } }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['localization']

  app.get('/languages', {
    config: { permission: 'languages.read' },
    schema: { tags, summary: 'List languages', querystring: ActiveQuery, response: responses({ 200: ItemsOf(Language) }) }
  }, async request => ({ items: await languages.list(request.query) }))

  app.get('/languages/:code', {
    config: { permission: 'languages.read' },
    schema: { tags, summary: 'One language', params: LanguageParams, response: responses({ 200: Language }) }
  }, async request => await languages.get(request.params.code))

  app.post('/languages', {
    config: { permission: 'languages.write' },
    schema: { tags, summary: 'Add a language', body: LanguageCreate, response: responses({ 201: Language }) }
  }, async (request, reply) => await reply.status(201).send(await languages.create(request.body)))

  app.patch('/languages/:code', {
    config: { permission: 'languages.write' },
    schema: { tags, summary: 'Rename, activate or deactivate a language; the default stays active', params: LanguageParams, body: LanguageUpdate, response: responses({ 200: Language }) }
  }, async request => await languages.update(request.params.code, request.body))

  app.delete('/languages/:code', {
    config: { permission: 'languages.write' },
    schema: { tags, summary: 'Delete a language that is not the default and that nothing references', params: LanguageParams, response: responses({ 204: NoContent }) }
  }, async (request, reply) => {
    await languages.remove(request.params.code)
    return await reply.status(204).send(null)
  })

  app.post('/languages/:code/make-default', {
    config: { permission: 'languages.write' },
    schema: { tags, summary: 'Make an active language the default', params: LanguageParams, response: responses({ 200: Language }) }
  }, async request => await languages.makeDefault(request.params.code))
}
