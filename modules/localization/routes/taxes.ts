import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { IdParams, responses } from 'backroom'
import { localizationErrors } from '../errors.ts'
import { NoContent, TaxRateMatch, TaxRateQuery, TaxRatesReplace, TaxRule, TaxRuleCreate, TaxRuleListQuery, TaxRulePage, TaxRuleUpdate } from '../schemas.ts'
import type { LocalizationServices } from '../services/index.ts'

export const taxRoutes: FastifyPluginAsync<{ services: LocalizationServices }> = async (base, { services: { taxes } }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['localization']

  app.get('/taxes/rules', {
    config: { permission: 'taxes.read' },
    schema: { tags, summary: 'List tax rules by id, with their number of rates; keyset-paginated', querystring: TaxRuleListQuery, response: responses({ 200: TaxRulePage }) }
  }, async request => await taxes.list(request.query))

  app.get('/taxes/rules/:id', {
    config: { permission: 'taxes.read' },
    schema: { tags, summary: 'One tax rule with its rates', params: IdParams, response: responses({ 200: TaxRule }) }
  }, async request => await taxes.get(request.params.id))

  app.get('/taxes/rules/:id/rate', {
    config: { permission: 'taxes.read' },
    schema: { tags, summary: 'The rate of a tax rule for a country, or a region of it', params: IdParams, querystring: TaxRateQuery, response: responses({ 200: TaxRateMatch }) }
  }, async request => {
    const { country, region } = request.query
    const rule = await taxes.get(request.params.id)
    const match = await taxes.rateFor(rule.id, country, region)
    if (match === undefined) throw new localizationErrors.BR_LOCALIZATION_TAX_RATE_NOT_FOUND(rule.id, region === undefined ? country : `${country}-${region}`)
    return match
  })

  app.post('/taxes/rules', {
    config: { permission: 'taxes.write' },
    schema: { tags, summary: 'Add a tax rule with its rates', body: TaxRuleCreate, response: responses({ 201: TaxRule }) }
  }, async (request, reply) => await reply.status(201).send(await taxes.create(request.body)))

  app.patch('/taxes/rules/:id', {
    config: { permission: 'taxes.write' },
    schema: { tags, summary: 'Rename, activate or deactivate a tax rule', params: IdParams, body: TaxRuleUpdate, response: responses({ 200: TaxRule }) }
  }, async request => await taxes.update(request.params.id, request.body))

  app.put('/taxes/rules/:id/rates', {
    config: { permission: 'taxes.write' },
    schema: { tags, summary: 'Replace every rate of a tax rule at once', params: IdParams, body: TaxRatesReplace, response: responses({ 200: TaxRule }) }
  }, async request => await taxes.replaceRates(request.params.id, request.body.rates))

  app.delete('/taxes/rules/:id', {
    config: { permission: 'taxes.write' },
    schema: { tags, summary: 'Delete a tax rule that no dependent record references', params: IdParams, response: responses({ 204: NoContent }) }
  }, async (request, reply) => {
    await taxes.remove(request.params.id)
    return await reply.status(204).send(null)
  })
}
