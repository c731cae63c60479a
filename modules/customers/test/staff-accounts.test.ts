import t from 'tap'
import { PASSWORD, customersUrl, freshEmail, startCustomers } from './helpers.ts'

const customers = await startCustomers(t)
const { asAdmin } = customers

t.test('staff create a customer with every field and see it whole', async t => {
  const email = freshEmail('Full')
  const created = await asAdmin({
    method: 'POST',
    url: customersUrl,
    payload: { email, password: PASSWORD, firstName: 'Léa', lastName: 'Dupont', language: 'fr', phone: '06 12 34 56 78', company: 'Dupont SA', vatNumber: 'FR 40 303265045', birthday: '2000-02-29', note: 'Met at the trade fair', newsletter: true }
  })
  t.equal(created.statusCode, 201)
  t.match(created.json(), {
    id: Number, email, firstName: 'Léa', lastName: 'Dupont', language: 'fr', phone: '06 12 34 56 78', company: 'Dupont SA', vatNumber: 'FR 40 303265045',
    birthday: '2000-02-29', note: 'Met at the trade fair', active: true, hasPassword: true, newsletter: { optedIn: true, ip: '127.0.0.1' },
    partner: { optedIn: false }, anonymizedAt: null, createdAt: String, updatedAt: String, addresses: [], history: { orderCount: 0, totalSpent: [] }
  })
  t.same((await asAdmin({ url: `${customersUrl}/${created.json().id as number}` })).json(), created.json())
  t.match(await customers.events('customers.customer.registered'), [{ id: created.json().id, source: 'staff' }])
  t.equal((await customers.login(email)).statusCode, 200, 'the password staff set logs in')
})

t.test('staff edit some fields, clear optional ones with null, and the change is an event naming the fields', async t => {
  const created = await customers.createCustomer({ phone: '0102030405', company: 'Old Co', birthday: '1970-01-01' })
  const changed = await asAdmin({ method: 'PATCH', url: `${customersUrl}/${created.id as number}`, payload: { lastName: 'Smithers', phone: null, company: null, birthday: null, note: 'Called twice' } })
  t.equal(changed.statusCode, 200)
  t.match(changed.json(), { firstName: 'John', lastName: 'Smithers', phone: null, company: null, birthday: null, note: 'Called twice', email: created.email })
  t.ok(Date.parse(changed.json().updatedAt) >= Date.parse(created.updatedAt))
  t.same((await customers.events('customers.customer.updated')).filter(event => event.id === created.id), [{ id: created.id, fields: ['birthday', 'company', 'lastName', 'note', 'phone'] }])
})

t.test('a birthday is a real date between 1900 and today', async t => {
  const created = await customers.createCustomer()
  const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10)
  for (const [birthday, code] of [['1899-12-31', 'BR_CUSTOMERS_INVALID_BIRTHDAY'], [tomorrow, 'BR_CUSTOMERS_INVALID_BIRTHDAY'], ['2001-02-29', 'BR_VALIDATION'], ['17/05/1990', 'BR_VALIDATION']]) {
    const refused = await asAdmin({ method: 'PATCH', url: `${customersUrl}/${created.id as number}`, payload: { birthday } })
    t.equal(refused.statusCode, 400, birthday)
    t.equal(refused.json().code, code, birthday)
  }
  t.equal((await asAdmin({ method: 'PATCH', url: `${customersUrl}/${created.id as number}`, payload: { birthday: '1900-01-01' } })).json().birthday, '1900-01-01')
})

t.test('a refused change changes nothing', async t => {
  const created = await customers.createCustomer()
  const refused = await asAdmin({ method: 'PATCH', url: `${customersUrl}/${created.id as number}`, payload: { firstName: 'Changed', language: 'zz', newsletter: true } })
  t.equal(refused.json().code, 'BR_CUSTOMERS_UNKNOWN_LANGUAGE')
  const after = (await asAdmin({ url: `${customersUrl}/${created.id as number}` })).json()
  t.match(after, { firstName: 'John', language: 'en', newsletter: { optedIn: false } })
  t.equal(after.updatedAt, created.updatedAt)
})

t.test('staff changes land in the core audit log, the customer\'s own do not', async t => {
  const created = await customers.createCustomer()
  await asAdmin({ method: 'PATCH', url: `${customersUrl}/${created.id as number}`, payload: { note: 'audited' } })
  await asAdmin({ method: 'POST', url: `${customersUrl}/${created.id as number}/deactivate` })
  const entries = (await asAdmin({ url: '/api/audit?module=customers' })).json().items
  t.match(entries, [
    { module: 'customers', action: 'POST /api/customers/customers/:id/deactivate', target: String(created.id), status: 200, actorId: customers.shop.adminId },
    { module: 'customers', action: 'PATCH /api/customers/customers/:id', target: String(created.id), status: 200 }
  ])
  const { token } = await customers.register()
  await customers.asCustomer(token)({ method: 'PATCH', url: '/api/customers/shop/me', payload: { firstName: 'Self' } })
  t.notOk((await asAdmin({ url: '/api/audit?module=customers' })).json().items.some((entry: { action: string }) => entry.action.includes('/shop/')), 'shop requests have no employee to audit')
})
