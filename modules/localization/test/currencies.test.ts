import t from 'tap'
import { startLocalization } from './helpers.ts'

const { asAdmin } = await startLocalization(t)
const url = '/api/localization/currencies'
const rates = async (): Promise<Record<string, string>> =>
  Object.fromEntries((await asAdmin({ url })).json().items.map((c: { code: string, exchangeRate: string }) => [c.code, c.exchangeRate]))
const defaultCode = async (): Promise<string> => (await asAdmin({ url })).json().items.find((c: { isDefault: boolean }) => c.isDefault).code

t.test('a currency is added with an exact decimal rate, changed and deleted', async t => {
  const created = await asAdmin({ method: 'POST', url, payload: { code: 'CHF', name: 'Swiss Franc', symbol: 'CHF', exponent: 2, exchangeRate: '0.935012345678' } })
  t.equal(created.statusCode, 201)
  t.same(created.json(), { code: 'CHF', name: 'Swiss Franc', symbol: 'CHF', exponent: 2, exchangeRate: '0.935012345678', active: true, isDefault: false })
  const changed = await asAdmin({ method: 'PATCH', url: `${url}/CHF`, payload: { symbol: 'Fr.', exchangeRate: '0.94', active: false } })
  t.match(changed.json(), { symbol: 'Fr.', exchangeRate: '0.94', active: false })
  t.equal((await asAdmin({ method: 'DELETE', url: `${url}/CHF` })).statusCode, 204)
  t.equal((await asAdmin({ url: `${url}/CHF` })).json().code, 'BR_LOCALIZATION_CURRENCY_NOT_FOUND')
})

t.test('a currency code that exists is refused with 409 BR_LOCALIZATION_DUPLICATE', async t => {
  const duplicate = await asAdmin({ method: 'POST', url, payload: { code: 'USD', name: 'Dollar', symbol: '$', exponent: 2, exchangeRate: '2' } })
  t.equal(duplicate.statusCode, 409)
  t.equal(duplicate.json().code, 'BR_LOCALIZATION_DUPLICATE')
  t.equal((await rates()).USD, '1.17')
})

t.test('the exponent is fixed at creation: a change of it is refused as an unknown field', async t => {
  const refused = await asAdmin({ method: 'PATCH', url: `${url}/JPY`, payload: { exponent: 2 } })
  t.equal(refused.statusCode, 400)
  t.equal(refused.json().code, 'BR_VALIDATION')
  t.equal((await asAdmin({ url: `${url}/JPY` })).json().exponent, 0)
})

t.test('the default currency can be neither deactivated, deleted nor requoted (409 BR_LOCALIZATION_DEFAULT_PROTECTED)', async t => {
  const changes = [
    { method: 'PATCH' as const, url: `${url}/EUR`, payload: { active: false } },
    { method: 'PATCH' as const, url: `${url}/EUR`, payload: { exchangeRate: '1.1' } },
    { method: 'DELETE' as const, url: `${url}/EUR` }
  ]
  for (const change of changes) {
    const refused = await asAdmin(change)
    t.equal(refused.statusCode, 409, `${change.method} ${JSON.stringify(change.payload)}`)
    t.equal(refused.json().code, 'BR_LOCALIZATION_DEFAULT_PROTECTED')
  }
  t.match((await asAdmin({ url: `${url}/EUR` })).json(), { active: true, isDefault: true, exchangeRate: '1' })
  t.equal((await asAdmin({ method: 'PATCH', url: `${url}/EUR`, payload: { exchangeRate: '1.000', symbol: 'EUR' } })).statusCode, 200, 'the rate 1 itself is accepted')
})

t.test('make-default requotes every rate against the new default, to twelve decimals', async t => {
  const switched = await asAdmin({ method: 'POST', url: `${url}/USD/make-default` })
  t.equal(switched.statusCode, 200)
  t.same(Object.fromEntries(switched.json().items.map((c: { code: string, exchangeRate: string }) => [c.code, c.exchangeRate])),
    { EUR: '0.854700854701', GBP: '0.74358974359', JPY: '147.008547008547', USD: '1' })
  t.equal(await defaultCode(), 'USD')
  t.equal((await asAdmin({ method: 'PATCH', url: `${url}/EUR`, payload: { exchangeRate: '0.85' } })).statusCode, 200, 'the former default is quoted like any other')
  await asAdmin({ method: 'POST', url: `${url}/EUR/make-default` })
  t.equal(await defaultCode(), 'EUR')
  t.equal((await rates()).EUR, '1')
})

t.test('concurrent make-default calls serialize: one default at the end, quoted at 1, the others requoted consistently', async t => {
  const start: Record<string, number> = { USD: 1.17, GBP: 0.87, JPY: 172 }
  for (const [code, rate] of Object.entries(start)) await asAdmin({ method: 'PATCH', url: `${url}/${code}`, payload: { exchangeRate: String(rate) } })
  const answers = await Promise.all(['USD', 'GBP', 'JPY'].map(async code => await asAdmin({ method: 'POST', url: `${url}/${code}/make-default` })))
  t.same(answers.map(answer => answer.statusCode), [200, 200, 200])
  const items: Array<{ code: string, exchangeRate: string, isDefault: boolean }> = (await asAdmin({ url })).json().items
  const defaults = items.filter(c => c.isDefault)
  t.equal(defaults.length, 1)
  t.equal(defaults[0].exchangeRate, '1')
  // Whichever came last, EUR is quoted about 1 / (the last default's rate against EUR at the start);
  // each switch rounds to twelve decimals, so the order of the switches shows in the last digits.
  const eur = Number(items.find(c => c.code === 'EUR')!.exchangeRate)
  t.ok(Math.abs(eur * start[defaults[0].code] - 1) < 1e-9, `EUR at ${eur} against ${defaults[0].code}`)
  await asAdmin({ method: 'POST', url: `${url}/EUR/make-default` })
})

t.test('make-default is refused when a requoted rate would round to zero, and changes nothing', async t => {
  await asAdmin({ method: 'POST', url, payload: { code: 'XAA', name: 'Huge', symbol: 'A', exponent: 0, exchangeRate: '999999999999' } })
  await asAdmin({ method: 'POST', url, payload: { code: 'XBB', name: 'Tiny', symbol: 'B', exponent: 2, exchangeRate: '0.1' } })
  const before = await rates()
  const refused = await asAdmin({ method: 'POST', url: `${url}/XAA/make-default` })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'BR_LOCALIZATION_EXCHANGE_RATE_RANGE')
  t.match(refused.json().message, /XBB/)
  t.same(await rates(), before)
  t.equal(await defaultCode(), 'EUR')
})

t.test('an inactive currency cannot become the default (409 BR_LOCALIZATION_DEFAULT_INACTIVE)', async t => {
  await asAdmin({ method: 'PATCH', url: `${url}/GBP`, payload: { active: false } })
  const refused = await asAdmin({ method: 'POST', url: `${url}/GBP/make-default` })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'BR_LOCALIZATION_DEFAULT_INACTIVE')
  t.equal(await defaultCode(), 'EUR')
})
