import t from 'tap'
import { customersUrl, shopUrl, startCustomers } from './helpers.ts'

const customers = await startCustomers(t, ['order_book'])
const { asAdmin } = customers
const home = { alias: 'Home', firstName: 'Jane', lastName: 'Doe', line1: '1 rue de Rivoli', postcode: '75001', city: 'Paris', countryCode: 'FR' }

t.test('a customer adds, lists, changes and deletes their own addresses in the shop', async t => {
  const { token, customer } = await customers.register()
  const as = customers.asCustomer(token)
  const created = await as({ method: 'POST', url: `${shopUrl}/me/addresses`, payload: { ...home, line2: 'Bâtiment B', company: 'Doe SARL', phone: '+33 1 23 45 67 89' } })
  t.equal(created.statusCode, 201)
  t.match(created.json(), { id: Number, customerId: customer.id, ...home, line2: 'Bâtiment B', company: 'Doe SARL', region: null, phone: '+33 1 23 45 67 89' })
  const id: number = created.json().id
  const office = await as({ method: 'POST', url: `${shopUrl}/me/addresses`, payload: { ...home, alias: 'Office', line1: '5 avenue Foch', postcode: '69006', city: 'Lyon' } })
  t.same((await as({ url: `${shopUrl}/me/addresses` })).json().items.map((address: { alias: string }) => address.alias), ['Home', 'Office'])
  const changed = await as({ method: 'PATCH', url: `${shopUrl}/me/addresses/${id}`, payload: { line2: null, city: 'Paris 1er' } })
  t.equal(changed.statusCode, 200)
  t.match(changed.json(), { line2: null, city: 'Paris 1er', postcode: '75001' })
  t.equal((await as({ method: 'DELETE', url: `${shopUrl}/me/addresses/${office.json().id as number}` })).statusCode, 204)
  t.same((await as({ url: `${shopUrl}/me/addresses` })).json().items.map((address: { id: number }) => address.id), [id])
})

t.test('postcodes are checked against the country\'s format and stored as localization normalizes them', async t => {
  const { token } = await customers.register()
  const as = customers.asCustomer(token)
  const accepted = await as({ method: 'POST', url: `${shopUrl}/me/addresses`, payload: { ...home, countryCode: 'GB', postcode: ' sw1a  1aa ', city: 'London' } })
  t.equal(accepted.statusCode, 201)
  t.equal(accepted.json().postcode, 'SW1A 1AA')
  for (const [postcode, message] of [['7500', /Postcode "7500" does not match the format of FR/], ['750011', /format of FR/], ['', /A postcode is required/]] as const) {
    const refused = await as({ method: 'POST', url: `${shopUrl}/me/addresses`, payload: { ...home, postcode } })
    t.equal(refused.statusCode, 400, postcode)
    t.match(refused.json(), { statusCode: 400, code: 'BR_CUSTOMERS_INVALID_POSTCODE', message, details: { field: 'postcode' } }, postcode)
  }
  t.match((await as({ method: 'POST', url: `${shopUrl}/me/addresses`, payload: { ...home, postcode: '7500' } })).json().details, { reason: 'format', pattern: '\\d{5}' })
})

t.test('an address is in a known, active country', async t => {
  const { token } = await customers.register()
  const as = customers.asCustomer(token)
  await asAdmin({ method: 'POST', url: '/api/localization/countries', payload: { code: 'IS', name: 'Iceland', zoneId: (await asAdmin({ url: '/api/localization/countries/FR' })).json().zoneId, active: false } })
  for (const countryCode of ['ZZ', 'IS']) {
    const refused = await as({ method: 'POST', url: `${shopUrl}/me/addresses`, payload: { ...home, countryCode, postcode: '101' } })
    t.equal(refused.statusCode, 400, countryCode)
    t.match(refused.json(), { code: 'BR_CUSTOMERS_UNKNOWN_COUNTRY', details: { field: 'countryCode' } }, countryCode)
  }
})

t.test('a change of country or postcode is checked against the address as it will be', async t => {
  const { token } = await customers.register()
  const as = customers.asCustomer(token)
  const id: number = (await as({ method: 'POST', url: `${shopUrl}/me/addresses`, payload: home })).json().id
  const toBelgium = await as({ method: 'PATCH', url: `${shopUrl}/me/addresses/${id}`, payload: { countryCode: 'BE' } })
  t.equal(toBelgium.json().code, 'BR_CUSTOMERS_INVALID_POSTCODE', 'a French postcode does not fit Belgium')
  t.equal((await as({ method: 'PATCH', url: `${shopUrl}/me/addresses/${id}`, payload: { countryCode: 'BE', postcode: '1000', city: 'Bruxelles' } })).statusCode, 200)
  t.equal((await as({ method: 'PATCH', url: `${shopUrl}/me/addresses/${id}`, payload: { postcode: '75001' } })).json().code, 'BR_CUSTOMERS_INVALID_POSTCODE')
  t.match((await as({ url: `${shopUrl}/me/addresses` })).json().items, [{ countryCode: 'BE', postcode: '1000' }])
})

t.test('a customer never reaches another customer\'s address', async t => {
  const owner = await customers.register()
  const other = await customers.register()
  const id: number = (await customers.asCustomer(owner.token)({ method: 'POST', url: `${shopUrl}/me/addresses`, payload: home })).json().id
  const as = customers.asCustomer(other.token)
  for (const request of [{ method: 'PATCH' as const, url: `${shopUrl}/me/addresses/${id}`, payload: { city: 'Elsewhere' } }, { method: 'DELETE' as const, url: `${shopUrl}/me/addresses/${id}` }]) {
    const answer = await as(request)
    t.equal(answer.statusCode, 404, request.method)
    t.equal(answer.json().code, 'BR_CUSTOMERS_ADDRESS_NOT_FOUND', request.method)
  }
  t.same((await as({ url: `${shopUrl}/me/addresses` })).json().items, [])
  t.match((await customers.asCustomer(owner.token)({ url: `${shopUrl}/me/addresses` })).json().items, [{ id, city: 'Paris' }])
})

t.test('staff manage a customer\'s addresses with the same rules, and see them in the customer', async t => {
  const created = await customers.createCustomer()
  const url = `${customersUrl}/${created.id as number}/addresses`
  const added = await asAdmin({ method: 'POST', url, payload: { ...home, countryCode: 'US', postcode: '94105', city: 'San Francisco', region: 'CA' } })
  t.equal(added.statusCode, 201)
  t.match(added.json(), { region: 'CA', countryCode: 'US' })
  t.equal((await asAdmin({ method: 'POST', url, payload: { ...home, postcode: '7500' } })).json().code, 'BR_CUSTOMERS_INVALID_POSTCODE')
  t.match((await asAdmin({ url: `${customersUrl}/${created.id as number}` })).json().addresses, [{ id: added.json().id, city: 'San Francisco' }])
  t.equal((await asAdmin({ method: 'PATCH', url: `${url}/${added.json().id as number}`, payload: { phone: '+1 415 555 0100' } })).json().phone, '+1 415 555 0100')
  const otherCustomer = await customers.createCustomer()
  t.equal((await asAdmin({ method: 'DELETE', url: `${customersUrl}/${otherCustomer.id as number}/addresses/${added.json().id as number}` })).json().code, 'BR_CUSTOMERS_ADDRESS_NOT_FOUND', 'an address is reached through its own customer only')
  t.equal((await asAdmin({ url: `${customersUrl}/999999/addresses` })).json().code, 'BR_CUSTOMERS_NOT_FOUND')
})

t.test('another module reads one address of a customer through customers.accounts, in its transaction', async t => {
  const { token, customer } = await customers.register()
  const address = (await customers.asCustomer(token)({ method: 'POST', url: `${shopUrl}/me/addresses`, payload: home })).json()
  const read = await asAdmin({ url: `/api/order_book/accounts/${customer.id as number}/addresses/${address.id as number}` })
  t.equal(read.statusCode, 200)
  const { createdAt, updatedAt, ...expected } = address
  t.same(read.json(), expected, 'exactly the CustomerAddress shape')
  const other = await customers.register()
  const refused = await asAdmin({ url: `/api/order_book/accounts/${other.customer.id as number}/addresses/${address.id as number}` })
  t.equal(refused.statusCode, 404)
  t.equal(refused.json().code, 'BR_CUSTOMERS_ADDRESS_NOT_FOUND')
})

t.test('a country that addresses are in, or a language customers speak, is not deleted from localization', async t => {
  await asAdmin({ method: 'POST', url: '/api/localization/countries', payload: { code: 'LU', name: 'Luxembourg', zoneId: (await asAdmin({ url: '/api/localization/countries/FR' })).json().zoneId, postcodePattern: '\\d{4}' } })
  await asAdmin({ method: 'POST', url: '/api/localization/languages', payload: { code: 'lb', name: 'Lëtzebuergesch' } })
  const { token } = await customers.register({ language: 'lb' })
  await customers.asCustomer(token)({ method: 'POST', url: `${shopUrl}/me/addresses`, payload: { ...home, countryCode: 'LU', postcode: '1111', city: 'Luxembourg' } })
  for (const url of ['/api/localization/countries/LU', '/api/localization/languages/lb']) {
    const refused = await asAdmin({ method: 'DELETE', url })
    t.equal(refused.statusCode, 409, url)
    t.match(refused.json(), { code: 'BR_LOCALIZATION_IN_USE', message: /1 records of module customers/ }, url)
  }
})
