import t from 'tap'
import { startLocalization } from './helpers.ts'

const { asAdmin } = await startLocalization(t)
const url = '/api/localization/taxes/rules'
const create = async (payload: object): Promise<{ id: number }> => {
  const created = await asAdmin({ method: 'POST', url, payload })
  if (created.statusCode !== 201) throw new Error(created.body)
  return created.json()
}

t.test('a tax rule is created with its rates, renamed, its rates replaced at once, then deleted', async t => {
  const created = await asAdmin({ method: 'POST', url, payload: { name: 'Reduced rate', rates: [{ country: 'FR', rate: '5.5' }, { country: 'DE', rate: '7' }] } })
  t.equal(created.statusCode, 201)
  const { id } = created.json()
  t.same(created.json(), { id, name: 'Reduced rate', active: true, rates: [{ country: 'DE', region: null, rate: '7' }, { country: 'FR', region: null, rate: '5.5' }] })
  t.match((await asAdmin({ method: 'PATCH', url: `${url}/${id as number}`, payload: { name: 'Reduced', active: false } })).json(), { name: 'Reduced', active: false })
  const replaced = await asAdmin({ method: 'PUT', url: `${url}/${id as number}/rates`, payload: { rates: [{ country: 'IT', rate: '10' }] } })
  t.same(replaced.json().rates, [{ country: 'IT', region: null, rate: '10' }])
  t.equal((await asAdmin({ method: 'DELETE', url: `${url}/${id as number}` })).statusCode, 204)
  t.equal((await asAdmin({ url: `${url}/${id as number}` })).json().code, 'BR_LOCALIZATION_TAX_RULE_NOT_FOUND')
})

t.test('the rate for a destination is its region line, else its country line, else 404', async t => {
  const { id } = await create({
    name: 'Sales tax',
    rates: [{ country: 'US', rate: '0' }, { country: 'US', region: 'CA', rate: '7.25' }, { country: 'CA', region: 'QC', rate: '14.975' }, { country: 'CA', region: 'ON', rate: '13' }]
  })
  const rate = async (query: string) => await asAdmin({ url: `${url}/${id}/rate?${query}` })
  t.same((await rate('country=US&region=CA')).json(), { ruleId: id, country: 'US', region: 'CA', rate: '7.25' })
  t.same((await rate('country=US&region=NY')).json(), { ruleId: id, country: 'US', region: null, rate: '0' })
  t.same((await rate('country=US')).json(), { ruleId: id, country: 'US', region: null, rate: '0' })
  t.same((await rate('country=CA&region=QC')).json(), { ruleId: id, country: 'CA', region: 'QC', rate: '14.975' })
  const none = await rate('country=CA&region=AB')
  t.equal(none.statusCode, 404)
  t.equal(none.json().code, 'BR_LOCALIZATION_TAX_RATE_NOT_FOUND')
  t.equal((await rate('country=FR')).statusCode, 404)
  t.equal((await asAdmin({ url: `${url}/999999/rate?country=FR` })).json().code, 'BR_LOCALIZATION_TAX_RULE_NOT_FOUND')
})

t.test('a rates list naming a line twice or an unknown country is refused (400) and nothing is written', async t => {
  const { id } = await create({ name: 'Kept', rates: [{ country: 'FR', rate: '20' }] })
  const twice = await asAdmin({ method: 'PUT', url: `${url}/${id}/rates`, payload: { rates: [{ country: 'ES', rate: '21' }, { country: 'ES', region: null, rate: '10' }] } })
  t.equal(twice.statusCode, 400)
  t.equal(twice.json().code, 'BR_LOCALIZATION_TAX_RATE_DUPLICATE')
  const unknown = await asAdmin({ method: 'PUT', url: `${url}/${id}/rates`, payload: { rates: [{ country: 'ES', rate: '21' }, { country: 'ZZ', rate: '1' }, { country: 'QQ', rate: '1' }] } })
  t.equal(unknown.statusCode, 400)
  t.equal(unknown.json().code, 'BR_LOCALIZATION_REFERENCE_UNKNOWN')
  t.same(unknown.json().details, { field: 'rates', value: ['ZZ', 'QQ'] })
  t.same((await asAdmin({ url: `${url}/${id}` })).json().rates, [{ country: 'FR', region: null, rate: '20' }])
  const created = await asAdmin({ method: 'POST', url, payload: { name: 'Never', rates: [{ country: 'ZZ', rate: '1' }] } })
  t.equal(created.statusCode, 400)
  t.notOk((await asAdmin({ url: `${url}?limit=200` })).json().items.some((rule: { name: string }) => rule.name === 'Never'), 'the rule is not created either')
})

t.test('a tax rule name that exists, in any case, is refused with 409 BR_LOCALIZATION_DUPLICATE', async t => {
  const duplicate = await asAdmin({ method: 'POST', url, payload: { name: 'STANDARD RATE' } })
  t.equal(duplicate.statusCode, 409)
  t.equal(duplicate.json().code, 'BR_LOCALIZATION_DUPLICATE')
})

t.test('tax rules page by id with a cursor, filtered by activity', async t => {
  for (let n = 0; n < 5; n++) await create({ name: `Page rule ${n}`, active: n % 2 === 0 })
  const all = (await asAdmin({ url: `${url}?limit=200` })).json().items as Array<{ id: number, active: boolean }>
  const seen: number[] = []
  let cursor: number | null = null
  do {
    const page: { items: Array<{ id: number }>, nextCursor: number | null } = (await asAdmin({ url: `${url}?limit=2${cursor === null ? '' : `&cursor=${cursor}`}` })).json()
    t.ok(page.items.length <= 2)
    seen.push(...page.items.map(rule => rule.id))
    cursor = page.nextCursor
  } while (cursor !== null)
  t.same(seen, all.map(rule => rule.id))
  t.same(seen, [...seen].sort((a, b) => a - b))
  const inactive = (await asAdmin({ url: `${url}?active=false&limit=200` })).json().items as Array<{ active: boolean }>
  t.equal(inactive.length, all.filter(rule => !rule.active).length)
  t.ok(inactive.length >= 2 && inactive.every(rule => !rule.active))
})
