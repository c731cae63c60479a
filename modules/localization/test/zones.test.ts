import t from 'tap'
import { startLocalization } from './helpers.ts'

const { asAdmin } = await startLocalization(t)
const url = '/api/localization/zones'
const zoneNamed = async (name: string): Promise<{ id: number, name: string, countryCount: number }> =>
  (await asAdmin({ url })).json().items.find((zone: { name: string }) => zone.name === name)
const countriesOf = async (zoneId: number): Promise<string[]> =>
  (await asAdmin({ url: `/api/localization/countries?zoneId=${zoneId}&limit=200` })).json().items.map((c: { code: string }) => c.code)

t.test('a zone is added, renamed, deactivated and deleted', async t => {
  const created = await asAdmin({ method: 'POST', url, payload: { name: 'Oceania' } })
  t.equal(created.statusCode, 201)
  const { id } = created.json()
  t.same(created.json(), { id, name: 'Oceania', active: true, countryCount: 0 })
  t.same((await asAdmin({ method: 'PATCH', url: `${url}/${id as number}`, payload: { name: 'Pacific', active: false } })).json(), { id, name: 'Pacific', active: false, countryCount: 0 })
  t.same((await asAdmin({ url: `${url}?active=false` })).json().items.map((z: { name: string }) => z.name), ['Pacific'])
  t.equal((await asAdmin({ method: 'DELETE', url: `${url}/${id as number}` })).statusCode, 204)
  t.equal((await asAdmin({ url: `${url}/${id as number}` })).json().code, 'BR_LOCALIZATION_ZONE_NOT_FOUND')
})

t.test('a zone name that exists, in any case, is refused with 409 BR_LOCALIZATION_DUPLICATE', async t => {
  const duplicate = await asAdmin({ method: 'POST', url, payload: { name: 'europe' } })
  t.equal(duplicate.statusCode, 409)
  t.equal(duplicate.json().code, 'BR_LOCALIZATION_DUPLICATE')
  const asia = await zoneNamed('Asia')
  t.equal((await asAdmin({ method: 'PATCH', url: `${url}/${asia.id}`, payload: { name: 'EUROPE' } })).statusCode, 409)
})

t.test('a zone holding countries is not deleted (409 BR_LOCALIZATION_IN_USE) and keeps them', async t => {
  const america = await zoneNamed('North America')
  const refused = await asAdmin({ method: 'DELETE', url: `${url}/${america.id}` })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'BR_LOCALIZATION_IN_USE')
  t.same(refused.json().details, { references: [{ module: 'localization', what: 'countries', count: 2 }] })
  t.same(await countriesOf(america.id), ['CA', 'US'])
})

t.test('a zone deleted with moveCountriesTo hands its countries to that zone', async t => {
  const americas = (await asAdmin({ method: 'POST', url, payload: { name: 'Americas' } })).json()
  const america = await zoneNamed('North America')
  t.equal((await asAdmin({ method: 'DELETE', url: `${url}/${america.id}?moveCountriesTo=${americas.id as number}` })).statusCode, 204)
  t.same(await countriesOf(americas.id), ['CA', 'US'])
  t.equal(await zoneNamed('North America'), undefined)
})

t.test('an unknown or identical target zone is refused (400) and nothing moves', async t => {
  const asia = await zoneNamed('Asia')
  const unknown = await asAdmin({ method: 'DELETE', url: `${url}/${asia.id}?moveCountriesTo=999999` })
  t.equal(unknown.statusCode, 400)
  t.equal(unknown.json().code, 'BR_LOCALIZATION_REFERENCE_UNKNOWN')
  t.same(unknown.json().details, { field: 'moveCountriesTo', value: 999999 })
  const itself = await asAdmin({ method: 'DELETE', url: `${url}/${asia.id}?moveCountriesTo=${asia.id}` })
  t.equal(itself.statusCode, 400)
  t.equal(itself.json().code, 'BR_LOCALIZATION_ZONE_TARGET_INVALID')
  t.same(await countriesOf(asia.id), ['JP'])
})

t.test('an unknown zone answers 404 to every route naming it', async t => {
  for (const request of [{ url: `${url}/999999` }, { method: 'PATCH' as const, url: `${url}/999999`, payload: { name: 'x' } }, { method: 'DELETE' as const, url: `${url}/999999` }]) {
    const missing = await asAdmin(request)
    t.equal(missing.statusCode, 404, request.method ?? 'GET')
    t.equal(missing.json().code, 'BR_LOCALIZATION_ZONE_NOT_FOUND')
  }
})
