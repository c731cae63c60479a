import t from 'tap'
import { startLocalization } from './helpers.ts'

const { asAdmin } = await startLocalization(t)
const url = '/api/localization/countries'
const zones: Array<{ id: number, name: string }> = (await asAdmin({ url: '/api/localization/zones' })).json().items
const zoneId = (name: string): number => zones.find(zone => zone.name === name)!.id
const check = async (country: string, postcode: string): Promise<{ valid: boolean, reason: string | null, postcode: string }> =>
  (await asAdmin({ url: `${url}/${country}/postcode-check?postcode=${encodeURIComponent(postcode)}` })).json()

t.test('countries page by code with a cursor, filtered by zone and activity', async t => {
  const codes: string[] = []
  let cursor: string | null = null
  do {
    const page: { items: Array<{ code: string }>, nextCursor: string | null } = (await asAdmin({ url: `${url}?zoneId=${zoneId('Europe')}&limit=7${cursor === null ? '' : `&cursor=${cursor}`}` })).json()
    t.ok(page.items.length <= 7)
    codes.push(...page.items.map(c => c.code))
    cursor = page.nextCursor
  } while (cursor !== null)
  t.equal(new Set(codes).size, 30, 'the 30 European countries, each once')
  t.same(codes, [...codes].sort(), 'in code order')
  t.notOk(codes.includes('US'))
  await asAdmin({ method: 'PATCH', url: `${url}/NO`, payload: { active: false } })
  t.same((await asAdmin({ url: `${url}?active=false` })).json(), { items: [(await asAdmin({ url: `${url}/NO` })).json()], nextCursor: null })
})

t.test('a country is added, changed and deleted', async t => {
  const created = await asAdmin({ method: 'POST', url, payload: { code: 'AU', name: 'Australia', zoneId: zoneId('Asia'), needsPostcode: true, postcodePattern: '\\d{4}' } })
  t.equal(created.statusCode, 201)
  t.same(created.json(), { code: 'AU', name: 'Australia', zoneId: zoneId('Asia'), zoneName: 'Asia', active: true, needsPostcode: true, postcodePattern: '\\d{4}' })
  const changed = await asAdmin({ method: 'PATCH', url: `${url}/AU`, payload: { name: 'Commonwealth of Australia', zoneId: zoneId('Europe'), postcodePattern: null } })
  t.match(changed.json(), { name: 'Commonwealth of Australia', zoneName: 'Europe', postcodePattern: null, needsPostcode: true })
  t.equal((await asAdmin({ method: 'DELETE', url: `${url}/AU` })).statusCode, 204)
  t.equal((await asAdmin({ url: `${url}/AU` })).json().code, 'BR_LOCALIZATION_COUNTRY_NOT_FOUND')
})

t.test('a country code that exists is refused with 409 BR_LOCALIZATION_DUPLICATE', async t => {
  const duplicate = await asAdmin({ method: 'POST', url, payload: { code: 'FR', name: 'France bis', zoneId: zoneId('Europe') } })
  t.equal(duplicate.statusCode, 409)
  t.equal(duplicate.json().code, 'BR_LOCALIZATION_DUPLICATE')
})

t.test('a country in an unknown zone is refused with 400 BR_LOCALIZATION_REFERENCE_UNKNOWN', async t => {
  for (const request of [
    { method: 'POST' as const, url, payload: { code: 'NZ', name: 'New Zealand', zoneId: 999999 } },
    { method: 'PATCH' as const, url: `${url}/JP`, payload: { zoneId: 999999 } }
  ]) {
    const refused = await asAdmin(request)
    t.equal(refused.statusCode, 400, request.method)
    t.equal(refused.json().code, 'BR_LOCALIZATION_REFERENCE_UNKNOWN')
    t.same(refused.json().details, { field: 'zoneId', value: 999999 })
  }
  t.equal((await asAdmin({ url: `${url}/NZ` })).statusCode, 404)
  t.equal((await asAdmin({ url: `${url}/JP` })).json().zoneName, 'Asia')
})

t.test('a country that a tax rate names is not deleted (409 BR_LOCALIZATION_IN_USE)', async t => {
  const refused = await asAdmin({ method: 'DELETE', url: `${url}/FR` })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'BR_LOCALIZATION_IN_USE')
  t.same(refused.json().details, { references: [{ module: 'localization', what: 'tax rates', count: 1 }] })
  t.equal((await asAdmin({ url: `${url}/FR` })).statusCode, 200)
})

t.test('a postcode is checked against the country format, whatever its case and spacing', async t => {
  t.match(await check('FR', '75001'), { valid: true, reason: null, postcode: '75001' })
  t.match(await check('FR', '7500'), { valid: false, reason: 'format' })
  t.match(await check('GB', '  sw1a   1aa '), { valid: true, postcode: 'SW1A 1AA' })
  t.match(await check('GB', 'SW1A'), { valid: false, reason: 'format' })
  t.match(await check('NL', '1012 ab'), { valid: true, postcode: '1012 AB' })
  t.match(await check('CA', 'K1A 0B1'), { valid: true })
  t.match(await check('US', '94105-1234'), { valid: true })
  t.match(await check('JP', '100-0001'), { valid: true })
  t.match(await check('PL', '00950'), { valid: false, reason: 'format' })
})

t.test('a country that needs a postcode refuses none; one that does not accepts none', async t => {
  t.match(await check('DE', ''), { valid: false, reason: 'required' })
  t.match(await check('IE', ''), { valid: true, reason: null })
  t.match(await check('IE', 'D02 X285'), { valid: true })
  t.match(await check('IE', 'nonsense'), { valid: false, reason: 'format' }, 'a postcode given is still checked')
  await asAdmin({ method: 'PATCH', url: `${url}/CH`, payload: { postcodePattern: null } })
  t.match(await check('CH', 'anything'), { valid: true }, 'no pattern: any postcode')
  const missing = await asAdmin({ url: `${url}/ZZ/postcode-check?postcode=1` })
  t.equal(missing.statusCode, 404)
  t.equal(missing.json().code, 'BR_LOCALIZATION_COUNTRY_NOT_FOUND')
})

t.test('a postcode pattern that is not a regular expression is refused with 400', async t => {
  for (const request of [
    { method: 'PATCH' as const, url: `${url}/BE`, payload: { postcodePattern: '\\d{4' } },
    { method: 'POST' as const, url, payload: { code: 'NZ', name: 'New Zealand', zoneId: zoneId('Asia'), postcodePattern: '(' } }
  ]) {
    const refused = await asAdmin(request)
    t.equal(refused.statusCode, 400, request.method)
    t.equal(refused.json().code, 'BR_LOCALIZATION_POSTCODE_PATTERN_INVALID')
  }
  t.equal((await asAdmin({ url: `${url}/BE` })).json().postcodePattern, '\\d{4}')
})
