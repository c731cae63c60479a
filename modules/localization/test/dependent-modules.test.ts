import t from 'tap'
import { startLocalization } from './helpers.ts'

// localized_shop (fixtures/) stands for catalog or orders: it requires localization, reads it
// through the localization.service extension point, reports its references to tax rules and
// prepares for each new language.
const { asAdmin, shop } = await startLocalization(t, ['localized_shop'])
const rules = (await asAdmin({ url: '/api/localization/taxes/rules' })).json().items as Array<{ id: number }>
const standardRate = rules[0].id

t.test('a dependent module reads defaults, currencies, countries, postcode checks and tax rates through the service', async t => {
  const quote = await asAdmin({ url: `/api/localized_shop/quote?ruleId=${standardRate}&country=FR&postcode=75001` })
  t.equal(quote.statusCode, 200)
  t.same(quote.json(), {
    language: 'en',
    currency: 'EUR',
    jpyExponent: 0,
    countryName: 'France',
    postcode: { country: 'FR', postcode: '75001', valid: true, reason: null, pattern: '\\d{5}' },
    tax: { ruleId: standardRate, country: 'FR', region: null, rate: '20' }
  })
  t.match((await asAdmin({ url: `/api/localized_shop/quote?ruleId=${standardRate}&country=ZZ&postcode=1` })).json(), {
    countryName: null,
    postcode: { valid: false, reason: 'country_unknown' },
    tax: null
  })
})

t.test('a tax rule that a dependent module references is not deleted (409 naming the module), then is once released', async t => {
  const { id } = (await asAdmin({ method: 'POST', url: '/api/localization/taxes/rules', payload: { name: 'Books', rates: [{ country: 'FR', rate: '5.5' }] } })).json()
  await shop.database.knex.withSchema('localized_shop').into('products').insert([{ tax_rule_id: id }, { tax_rule_id: id }])
  const refused = await asAdmin({ method: 'DELETE', url: `/api/localization/taxes/rules/${id as number}` })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'BR_LOCALIZATION_IN_USE')
  t.same(refused.json().details, { references: [{ module: 'localized_shop', what: 'records', count: 2 }] })
  t.equal((await asAdmin({ url: `/api/localization/taxes/rules/${id as number}` })).statusCode, 200)

  await shop.database.knex.withSchema('localized_shop').from('products').where({ tax_rule_id: id }).delete()
  t.equal((await asAdmin({ method: 'DELETE', url: `/api/localization/taxes/rules/${id as number}` })).statusCode, 204)
})

t.test('a dependent module prepares for a new language in the transaction that adds it', async t => {
  const seen = async (code: string): Promise<boolean> => (await shop.database.knex.withSchema('localized_shop').from('languages').where({ code }).first()) !== undefined
  t.equal((await asAdmin({ method: 'POST', url: '/api/localization/languages', payload: { code: 'de', name: 'Deutsch' } })).statusCode, 201)
  t.ok(await seen('de'))

  const failed = await asAdmin({ method: 'POST', url: '/api/localization/languages', payload: { code: 'tl', name: 'Tagalog' } })
  t.equal(failed.statusCode, 500, 'its failure is the server\'s, not the request\'s')
  t.equal((await asAdmin({ url: '/api/localization/languages/tl' })).statusCode, 404, 'and the language is not added')
  t.notOk(await seen('tl'))
})
