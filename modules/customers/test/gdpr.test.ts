import t from 'tap'
import { PASSWORD, customersUrl, shopUrl, startCustomers } from './helpers.ts'

const customers = await startCustomers(t, ['order_book'])
const { asAdmin } = customers
const knex = customers.shop.database.knex
const home = { alias: 'Home', firstName: 'Jane', lastName: 'Doe', company: 'Doe SARL', line1: '1 rue de Rivoli', line2: 'Bât. B', postcode: '75001', city: 'Paris', countryCode: 'FR', phone: '+33 1 23 45 67 89' }

/** A customer with every personal field, an address, a group, consents and an order. */
async function fullCustomer (): Promise<{ id: number, email: string, token: string, addressId: number, groupId: number, orderId: number }> {
  const group = (await asAdmin({ method: 'POST', url: '/api/customers/groups', payload: { name: `VIP ${Math.random()}`, discountBasisPoints: 750 } })).json()
  const { token, customer } = await customers.register({ language: 'fr', phone: '+33 6 12 34 56 78', company: 'Doe SARL', vatNumber: 'FR40303265045', birthday: '1985-02-03', newsletter: true, partner: true }, '203.0.113.20')
  await asAdmin({ method: 'PATCH', url: `${customersUrl}/${customer.id as number}`, payload: { groupIds: [group.id], note: 'Prefers morning deliveries' } })
  const address = (await customers.asCustomer(token)({ method: 'POST', url: `${shopUrl}/me/addresses`, payload: home })).json()
  const order = (await asAdmin({ method: 'POST', url: '/api/order_book/orders', payload: { customerId: customer.id, currency: 'EUR', amount: 4200 } })).json()
  return { id: customer.id, email: customer.email, token, addressId: address.id, groupId: group.id, orderId: order.id }
}

t.test('the export holds the profile, addresses, groups, consents and what other modules contribute', async t => {
  const customer = await fullCustomer()
  const answer = await asAdmin({ url: `${customersUrl}/${customer.id}/export` })
  t.equal(answer.statusCode, 200)
  const exported = answer.json()
  t.match(exported, {
    exportedAt: String,
    customer: {
      id: customer.id, email: customer.email, firstName: 'Jane', lastName: 'Doe', language: 'fr', phone: '+33 6 12 34 56 78', company: 'Doe SARL',
      vatNumber: 'FR40303265045', birthday: '1985-02-03', note: 'Prefers morning deliveries', groupIds: [customer.groupId], discountBasisPoints: 750,
      newsletter: { optedIn: true, at: String, ip: '203.0.113.20' }, partner: { optedIn: true, ip: '203.0.113.20' }
    },
    addresses: [{ id: customer.addressId, ...home }],
    groups: [{ id: customer.groupId, discountBasisPoints: 750 }],
    consents: [{ kind: 'newsletter', optedIn: true, source: 'shop', ip: '203.0.113.20' }, { kind: 'partner', optedIn: true }],
    modules: { order_book: { orders: [{ id: customer.orderId, currency: 'EUR', amount: 4200 }] } }
  })
  t.equal(answer.headers['content-type'], 'application/json; charset=utf-8')
})

t.test('an export is recorded in the audit log although it changes nothing: who took whose data, and when', async t => {
  const customer = await fullCustomer()
  t.equal((await asAdmin({ url: `${customersUrl}/${customer.id}/export` })).statusCode, 200)
  t.equal((await asAdmin({ url: `${customersUrl}/${customer.id}` })).statusCode, 200)
  const { items } = (await asAdmin({ url: '/api/audit?module=customers&limit=200' })).json()
  const reads = items.filter((entry: { action: string }) => entry.action.startsWith('GET '))
  t.match(reads, [{ actorType: 'employee', actorId: customers.shop.adminId, action: 'GET /api/customers/customers/:id/export', target: String(customer.id), status: 200, at: String }], 'the export, and not the plain read')
})

t.test('anonymization erases the personal data, keeps orders, and the customer can no longer log in', async t => {
  const customer = await fullCustomer()
  await customers.login(customer.email, 'a mistyped password')
  t.ok(JSON.stringify(await knex('customers.login_attempts')).includes(customer.email.toLowerCase()), 'a failed login is counted under the email')
  const answer = await asAdmin({ method: 'POST', url: `${customersUrl}/${customer.id}/anonymize` })
  t.equal(answer.statusCode, 200)
  t.match(answer.json(), {
    id: customer.id, email: `anonymized-${customer.id}@invalid`, firstName: '', lastName: '', phone: null, company: null, vatNumber: null, birthday: null,
    note: null, active: false, hasPassword: false, anonymizedAt: String,
    newsletter: { optedIn: false, at: null, ip: null }, partner: { optedIn: false, at: null, ip: null }
  })
  const exported = (await asAdmin({ url: `${customersUrl}/${customer.id}/export` })).json()
  t.match(exported.addresses, [{ alias: 'anonymized', firstName: '', lastName: '', company: null, line1: '', line2: null, postcode: '', city: '', phone: null, countryCode: 'FR' }])
  t.ok(exported.consents.length > 0 && exported.consents.every((consent: { ip: unknown }) => consent.ip === null), 'the consents keep their times, not their IP addresses')
  t.match(exported.modules, { order_book: { orders: [{ id: customer.orderId }] } }, 'orders are the orders module\'s to keep')
  const everything = JSON.stringify(await knex('customers.customers').where({ id: customer.id })) + JSON.stringify(await knex('customers.addresses').where({ customer_id: customer.id })) +
    JSON.stringify(await knex('customers.consent_changes').where({ customer_id: customer.id })) + JSON.stringify(await knex('customers.login_attempts'))
  for (const personal of [customer.email, 'Jane', 'Doe', 'Rivoli', '75001', 'Paris', '+33', 'FR40303265045', '1985', 'morning', '203.0.113.20']) {
    t.notOk(everything.includes(personal), `no trace of ${personal} in the customers tables`)
  }
  t.equal((await customers.login(customer.email)).json().code, 'BR_CUSTOMERS_INVALID_CREDENTIALS', 'the old email no longer logs in')
  t.equal((await customers.asCustomer(customer.token)({ url: `${shopUrl}/me` })).json().code, 'BR_CUSTOMERS_INACTIVE', 'and the old token is dead')
  t.match(await customers.events('customers.customer.anonymized'), [{ id: customer.id }])
  t.ok((await customers.events('customers.customer.deactivated')).some(event => event.id === customer.id))
})

t.test('anonymization is irreversible: the account cannot change, be reactivated or anonymized again', async t => {
  const customer = await fullCustomer()
  await asAdmin({ method: 'POST', url: `${customersUrl}/${customer.id}/anonymize` })
  const attempts = [
    { method: 'PATCH' as const, url: `${customersUrl}/${customer.id}`, payload: { firstName: 'Jane', password: PASSWORD } },
    { method: 'POST' as const, url: `${customersUrl}/${customer.id}/activate` },
    { method: 'POST' as const, url: `${customersUrl}/${customer.id}/anonymize` },
    { method: 'POST' as const, url: `${customersUrl}/${customer.id}/addresses`, payload: home },
    { method: 'PATCH' as const, url: `${customersUrl}/${customer.id}/addresses/${customer.addressId}`, payload: { city: 'Lyon' } }
  ]
  for (const attempt of attempts) {
    const refused = await asAdmin(attempt)
    t.equal(refused.statusCode, 409, `${attempt.method} ${attempt.url}`)
    t.equal(refused.json().code, 'BR_CUSTOMERS_ANONYMIZED', `${attempt.method} ${attempt.url}`)
  }
  t.equal((await asAdmin({ url: `${customersUrl}/${customer.id}` })).json().firstName, '')
  const placeholder = `anonymized-${customer.id}@invalid`
  t.equal((await customers.login(placeholder, PASSWORD)).statusCode, 400, 'the placeholder is not even an acceptable email')
})

t.test('an anonymization that fails midway leaves the customer as it was', async t => {
  const customer = await fullCustomer()
  // A trigger standing for a failure after the customer row was erased, within the one transaction.
  await knex.raw(`create function customers.fail_erase () returns trigger language plpgsql as $$ begin raise exception 'erase failed'; end $$`)
  await knex.raw('create trigger fail_erase before update on customers.addresses for each row execute function customers.fail_erase()')
  t.teardown(async () => {
    await knex.raw('drop trigger if exists fail_erase on customers.addresses')
    await knex.raw('drop function if exists customers.fail_erase()')
  })
  const failed = await asAdmin({ method: 'POST', url: `${customersUrl}/${customer.id}/anonymize` })
  t.equal(failed.statusCode, 500)
  t.match((await asAdmin({ url: `${customersUrl}/${customer.id}` })).json(), { email: customer.email, firstName: 'Jane', active: true, anonymizedAt: null, addresses: [{ line1: home.line1 }] })
  t.notOk((await customers.events('customers.customer.anonymized')).some(event => event.id === customer.id), 'no event either')
  t.equal((await customers.login(customer.email)).statusCode, 200)
})

t.test('export and anonymize of an unknown customer are 404', async t => {
  for (const request of [{ url: `${customersUrl}/999999/export` }, { method: 'POST' as const, url: `${customersUrl}/999999/anonymize` }]) {
    const answer = await asAdmin(request)
    t.equal(answer.statusCode, 404, request.url)
    t.equal(answer.json().code, 'BR_CUSTOMERS_NOT_FOUND', request.url)
  }
})
