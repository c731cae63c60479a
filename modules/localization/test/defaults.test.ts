import t from 'tap'
import { startLocalization } from './helpers.ts'

const { asAdmin } = await startLocalization(t)

t.test('install loads English (default) and French', async t => {
  t.same((await asAdmin({ url: '/api/localization/languages' })).json().items, [
    { code: 'en', name: 'English', active: true, isDefault: true },
    { code: 'fr', name: 'Français', active: true, isDefault: false }
  ])
})

t.test('install loads EUR (default, rate 1), USD, GBP and JPY with its exponent 0', async t => {
  const currencies: Array<{ code: string, exponent: number, exchangeRate: string, isDefault: boolean }> = (await asAdmin({ url: '/api/localization/currencies' })).json().items
  t.same(currencies.map(c => c.code), ['EUR', 'GBP', 'JPY', 'USD'])
  t.match(currencies.find(c => c.code === 'EUR'), { exponent: 2, exchangeRate: '1', isDefault: true })
  t.match(currencies.find(c => c.code === 'JPY'), { exponent: 0, isDefault: false })
  t.equal(currencies.filter(c => c.isDefault).length, 1)
})

t.test('install loads the zones Europe, North America and Asia', async t => {
  const zones: Array<{ name: string, countryCount: number }> = (await asAdmin({ url: '/api/localization/zones' })).json().items
  t.same(zones.map(z => [z.name, z.countryCount]), [['Asia', 1], ['Europe', 30], ['North America', 2]])
})

t.test('install loads the 27 EU countries plus GB, US, CA, CH, NO and JP, each in its zone', async t => {
  const countries = (await asAdmin({ url: '/api/localization/countries?limit=200' })).json().items as Array<{ code: string, zoneName: string, active: boolean }>
  const eu = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK']
  t.same(countries.map(c => c.code), [...eu, 'CA', 'CH', 'GB', 'JP', 'NO', 'US'].sort())
  const zoneOf = Object.fromEntries(countries.map(c => [c.code, c.zoneName]))
  t.same([zoneOf.FR, zoneOf.GB, zoneOf.CH, zoneOf.NO, zoneOf.US, zoneOf.CA, zoneOf.JP], ['Europe', 'Europe', 'Europe', 'Europe', 'North America', 'North America', 'Asia'])
  t.ok(countries.every(c => c.active))
})

t.test('install loads one Standard rate tax rule with the standard VAT rate of each EU country', async t => {
  const rules = (await asAdmin({ url: '/api/localization/taxes/rules' })).json().items
  t.match(rules, [{ name: 'Standard rate', active: true, rateCount: 27 }])
  const rule = (await asAdmin({ url: `/api/localization/taxes/rules/${rules[0].id as number}` })).json()
  const rateOf = Object.fromEntries((rule.rates as Array<{ country: string, rate: string, region: null }>).map(r => [r.country, r.rate]))
  t.same([rateOf.FR, rateOf.DE, rateOf.FI, rateOf.HU, rateOf.LU], ['20', '19', '25.5', '27', '17'])
  t.notOk('GB' in rateOf, 'outside the EU: no VAT line')
})
