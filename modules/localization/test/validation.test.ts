import t from 'tap'
import { startLocalization } from './helpers.ts'
import { defaultIds, localizationRoutes } from './routes.ts'

const platform = await startLocalization(t)
const { asAdmin } = platform
const { zoneId, ruleId } = await defaultIds(platform)
const base = '/api/localization'

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
interface BadRequest { url: string, payload?: object, path: string }

const currency = { code: 'CHF', name: 'Swiss Franc', symbol: 'CHF', exponent: 2, exchangeRate: '0.94' }
const country = { code: 'IS', name: 'Iceland', zoneId }

// Per route, requests that break its schema, and the field path the answer must name.
const CASES: Record<string, BadRequest[]> = {
  'POST /languages': [
    { url: '/languages', payload: { code: 'EN', name: 'English' }, path: 'body/code' },
    { url: '/languages', payload: { code: 'eng', name: 'English' }, path: 'body/code' },
    { url: '/languages', payload: { code: 'de', name: '   ' }, path: 'body/name' },
    { url: '/languages', payload: { code: 'de', name: 'German', isDefault: true }, path: 'body/isDefault' },
    { url: '/languages', payload: { name: 'German' }, path: 'body/code' }
  ],
  'PATCH /languages/:code': [
    { url: '/languages/FR', payload: { name: 'x' }, path: 'params/code' },
    { url: '/languages/fr', payload: {}, path: 'body' },
    { url: '/languages/fr', payload: { code: 'de' }, path: 'body/code' },
    { url: '/languages/fr', payload: { active: 'maybe' }, path: 'body/active' }
  ],
  'DELETE /languages/:code': [{ url: '/languages/french', path: 'params/code' }],
  'POST /languages/:code/make-default': [{ url: '/languages/1/make-default', path: 'params/code' }],
  'POST /currencies': [
    { url: '/currencies', payload: { ...currency, code: 'chf' }, path: 'body/code' },
    { url: '/currencies', payload: { ...currency, code: 'CHFR' }, path: 'body/code' },
    { url: '/currencies', payload: { ...currency, exponent: -1 }, path: 'body/exponent' },
    { url: '/currencies', payload: { ...currency, exponent: 5 }, path: 'body/exponent' },
    { url: '/currencies', payload: { ...currency, exponent: 1.5 }, path: 'body/exponent' },
    { url: '/currencies', payload: { ...currency, exchangeRate: '0' }, path: 'body/exchangeRate' },
    { url: '/currencies', payload: { ...currency, exchangeRate: '-1.2' }, path: 'body/exchangeRate' },
    { url: '/currencies', payload: { ...currency, exchangeRate: '1e3' }, path: 'body/exchangeRate' },
    { url: '/currencies', payload: { ...currency, exchangeRate: '1.0000000000001' }, path: 'body/exchangeRate' },
    { url: '/currencies', payload: { ...currency, symbol: '' }, path: 'body/symbol' },
    { url: '/currencies', payload: { ...currency, isDefault: true }, path: 'body/isDefault' }
  ],
  'PATCH /currencies/:code': [
    { url: '/currencies/usd', payload: { name: 'x' }, path: 'params/code' },
    { url: '/currencies/USD', payload: { exponent: 3 }, path: 'body/exponent' },
    { url: '/currencies/USD', payload: { exchangeRate: 'abc' }, path: 'body/exchangeRate' }
  ],
  'DELETE /currencies/:code': [{ url: '/currencies/US', path: 'params/code' }],
  'POST /currencies/:code/make-default': [{ url: '/currencies/usd/make-default', path: 'params/code' }],
  'POST /zones': [
    { url: '/zones', payload: { name: '' }, path: 'body/name' },
    { url: '/zones', payload: { name: 'Oceania', countries: ['AU'] }, path: 'body/countries' }
  ],
  'PATCH /zones/:id': [
    { url: '/zones/0', payload: { name: 'x' }, path: 'params/id' },
    { url: `/zones/${zoneId}`, payload: { active: 'yes' }, path: 'body/active' }
  ],
  'DELETE /zones/:id': [
    { url: '/zones/abc', path: 'params/id' },
    { url: `/zones/${zoneId}?moveCountriesTo=abc`, path: 'querystring/moveCountriesTo' },
    { url: `/zones/${zoneId}?force=true`, path: 'querystring/force' }
  ],
  'POST /countries': [
    { url: '/countries', payload: { ...country, code: 'ISL' }, path: 'body/code' },
    { url: '/countries', payload: { ...country, code: 'is' }, path: 'body/code' },
    { url: '/countries', payload: { ...country, zoneId: 'Europe' }, path: 'body/zoneId' },
    { url: '/countries', payload: { ...country, zoneId: 0 }, path: 'body/zoneId' },
    { url: '/countries', payload: { code: 'IS', name: 'Iceland' }, path: 'body/zoneId' },
    { url: '/countries', payload: { ...country, postcodePattern: 'x'.repeat(201) }, path: 'body/postcodePattern' },
    { url: '/countries', payload: { ...country, vatRate: '24' }, path: 'body/vatRate' }
  ],
  'PATCH /countries/:code': [
    { url: '/countries/fr', payload: { name: 'x' }, path: 'params/code' },
    { url: '/countries/FR', payload: { needsPostcode: 'sometimes' }, path: 'body/needsPostcode' },
    { url: '/countries/FR', payload: { code: 'FX' }, path: 'body/code' }
  ],
  'DELETE /countries/:code': [{ url: '/countries/F1', path: 'params/code' }],
  'POST /taxes/rules': [
    { url: '/taxes/rules', payload: { name: '' }, path: 'body/name' },
    { url: '/taxes/rules', payload: { name: 'Super', rates: [{ country: 'FR', rate: '101' }] }, path: 'body/rates/0/rate' },
    { url: '/taxes/rules', payload: { name: 'Super', rates: [{ country: 'FR', rate: '20.1234' }] }, path: 'body/rates/0/rate' },
    { url: '/taxes/rules', payload: { name: 'Super', rates: [{ country: 'FR', rate: '-5' }] }, path: 'body/rates/0/rate' },
    { url: '/taxes/rules', payload: { name: 'Super', rates: [{ country: 'fr', rate: '5' }] }, path: 'body/rates/0/country' },
    { url: '/taxes/rules', payload: { name: 'Super', rates: [{ country: 'US', region: 'california', rate: '5' }] }, path: 'body/rates/0/region' },
    { url: '/taxes/rules', payload: { name: 'Super', rates: [{ country: 'US', rate: '5', zone: 1 }] }, path: 'body/rates/0/zone' }
  ],
  'PATCH /taxes/rules/:id': [
    { url: '/taxes/rules/-1', payload: { name: 'x' }, path: 'params/id' },
    { url: `/taxes/rules/${ruleId}`, payload: { rates: [] }, path: 'body/rates' }
  ],
  'PUT /taxes/rules/:id/rates': [
    { url: `/taxes/rules/${ruleId}/rates`, payload: [{ country: 'FR', rate: '20' }], path: 'body' },
    { url: `/taxes/rules/${ruleId}/rates`, payload: { rates: [{ country: 'FR' }] }, path: 'body/rates/0/rate' },
    { url: `/taxes/rules/${ruleId}/rates`, payload: { rates: [{ country: 'FR', rate: '20.5%' }] }, path: 'body/rates/0/rate' }
  ],
  'DELETE /taxes/rules/:id': [{ url: '/taxes/rules/1.5', path: 'params/id' }],
  'GET /countries': [
    { url: '/countries?limit=0', path: 'querystring/limit' },
    { url: '/countries?limit=201', path: 'querystring/limit' },
    { url: '/countries?cursor=fr', path: 'querystring/cursor' },
    { url: '/countries?zone=Europe', path: 'querystring/zone' }
  ],
  'GET /countries/:code/postcode-check': [
    { url: '/countries/FR/postcode-check', path: 'querystring/postcode' },
    { url: `/countries/FR/postcode-check?postcode=${'1'.repeat(33)}`, path: 'querystring/postcode' }
  ],
  'GET /taxes/rules': [{ url: '/taxes/rules?cursor=x', path: 'querystring/cursor' }],
  'GET /taxes/rules/:id/rate': [
    { url: `/taxes/rules/${ruleId}/rate`, path: 'querystring/country' },
    { url: `/taxes/rules/${ruleId}/rate?country=US&region=ca`, path: 'querystring/region' }
  ]
}

const snapshot = async (): Promise<unknown[]> => await Promise.all(
  ['/languages', '/currencies', '/zones', '/countries?limit=200', `/taxes/rules/${ruleId}`].map(async url => (await asAdmin({ url: base + url })).json()))
const before = await snapshot()

t.test('every write route has malformed-input cases here', async t => {
  const writes = localizationRoutes(platform).filter(route => route.method !== 'GET').map(route => `${route.method} ${route.url.slice(base.length)}`)
  t.same(writes.filter(route => !(route in CASES)), [])
})

for (const [route, requests] of Object.entries(CASES)) {
  t.test(`${route} answers malformed input with 400 BR_VALIDATION naming the field`, async t => {
    const method = route.split(' ')[0] as Method
    for (const request of requests) {
      const response = await asAdmin({ method, url: base + request.url, ...(request.payload === undefined ? {} : { payload: request.payload }) })
      const label = `${method} ${request.url} ${JSON.stringify(request.payload ?? '')}`
      t.equal(response.statusCode, 400, label)
      t.equal(response.json().code, 'BR_VALIDATION', label)
      t.ok((response.json().details as Array<{ path: string }>).some(detail => detail.path === request.path), `${label} names ${request.path}: ${response.body}`)
    }
  })
}

t.test('no malformed request changed anything', async t => {
  t.same(await snapshot(), before)
})
