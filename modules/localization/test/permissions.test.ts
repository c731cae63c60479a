import t from 'tap'
import { startLocalization } from './helpers.ts'
import { defaultIds, localizationRoutes, sampleUrl } from './routes.ts'

const platform = await startLocalization(t)
const { asAdmin } = platform
const routes = localizationRoutes(platform)
const ids = await defaultIds(platform)
const reads = routes.filter(route => route.method === 'GET')
const writes = routes.filter(route => route.method !== 'GET')
const PROFILES = ['Salesman', 'Translator', 'Logistician']

t.test('every route reads with a .read permission or writes with a .write permission of its aggregate', async t => {
  t.same([reads.length, writes.length], [12, 18], 'reads and writes of the five aggregates')
  for (const route of routes) {
    const aggregate = route.url.split('/')[3]
    t.equal(route.permission, `localization.${aggregate}.${route.method === 'GET' ? 'read' : 'write'}`, `${route.method} ${route.url}`)
  }
})

t.test('every employee profile reads every localization route', async t => {
  for (const profile of PROFILES) {
    const as = await platform.employee(profile)
    for (const route of reads) {
      const response = await as({ url: sampleUrl(route.url, ids) })
      t.equal(response.statusCode, 200, `${profile}: GET ${route.url}`)
    }
  }
})

t.test('the default profiles write nothing: every write route answers 403 and changes nothing', async t => {
  const before = (await asAdmin({ url: '/api/localization/languages' })).json()
  for (const profile of PROFILES) {
    const as = await platform.employee(profile)
    for (const route of writes) {
      const response = await as({ method: route.method as 'POST', url: sampleUrl(route.url, ids), payload: { code: 'de', name: 'German' } })
      t.equal(response.statusCode, 403, `${profile}: ${route.method} ${route.url}`)
      t.equal(response.json().code, 'BR_FORBIDDEN')
    }
  }
  t.same((await asAdmin({ url: '/api/localization/languages' })).json(), before)
})

t.test('the write permission of an aggregate lets its holder write that aggregate and no other', async t => {
  const creations: Record<string, { url: string, payload: object }> = {
    languages: { url: '/api/localization/languages', payload: { code: 'de', name: 'Deutsch' } },
    currencies: { url: '/api/localization/currencies', payload: { code: 'CHF', name: 'Swiss Franc', symbol: 'CHF', exponent: 2, exchangeRate: '0.94' } },
    zones: { url: '/api/localization/zones', payload: { name: 'Oceania' } },
    countries: { url: '/api/localization/countries', payload: { code: 'IS', name: 'Iceland', zoneId: ids.zoneId } },
    taxes: { url: '/api/localization/taxes/rules', payload: { name: 'Reduced rate' } }
  }
  for (const [aggregate, creation] of Object.entries(creations)) {
    const as = await platform.holding([`localization.${aggregate}.write`])
    t.equal((await as({ method: 'POST', ...creation })).statusCode, 201, `${aggregate}.write creates in ${aggregate}`)
    for (const [other, otherCreation] of Object.entries(creations)) {
      if (other !== aggregate) t.equal((await as({ method: 'POST', ...otherCreation })).statusCode, 403, `${aggregate}.write does not create in ${other}`)
    }
  }
})
