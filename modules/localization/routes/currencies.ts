import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { responses } from 'backroom'
import { ActiveQuery, Currency, CurrencyCreate, CurrencyParams, CurrencyUpdate, ItemsOf, NoContent } from '../schemas.ts'
import type { LocalizationServices } from '../services/index.ts'

export const currencyRoutes: FastifyPluginAsync<{ services: LocalizationServices }> = async (base, { services: { currencies } }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['localization']

  app.get('/currencies', {
    config: { permission: 'currencies.read' },
    schema: { tags, summary: 'List currencies', querystring: ActiveQuery, response: responses({ 200: ItemsOf(Currency) }) }
  }, async request => ({ items: await currencies.list(request.query) }))

  app.get('/currencies/:code', {
    config: { permission: 'currencies.read' },
    schema: { tags, summary: 'One currency', params: CurrencyParams, response: responses({ 200: Currency }) }
  }, async request => await currencies.get(request.params.code))

  app.post('/currencies', {
    config: { permission: 'currencies.write' },
    schema: { tags, summary: 'Add a currency, quoted against the default one', body: CurrencyCreate, response: responses({ 201: Currency }) }
  }, async (request, reply) => await reply.status(201).send(await currencies.create(request.body)))

  app.patch('/currencies/:code', {
    config: { permission: 'currencies.write' },
    schema: {
      tags,
      summary: 'Change a currency; its exponent is fixed, the default stays active at the rate 1',
      params: CurrencyParams,
      body: CurrencyUpdate,
      response: responses({ 200: Currency })
    }
  }, async request => await currencies.update(request.params.code, request.body))

  app.delete('/currencies/:code', {
    config: { permission: 'currencies.write' },
    schema: { tags, summary: 'Delete a currency that is not the default and that nothing references', params: CurrencyParams, response: responses({ 204: NoContent }) }
  }, async (request, reply) => {
    await currencies.remove(request.params.code)
    return await reply.status(204).send(null)
  })

  app.post('/currencies/:code/make-default', {
    config: { permission: 'currencies.write' },
    schema: {
      tags,
      summary: 'Make an active currency the default and requote every exchange rate against it, in one transaction',
      params: CurrencyParams,
      response: responses({ 200: ItemsOf(Currency) })
    }
  }, async request => ({ items: await currencies.makeDefault(request.params.code) }))
}
