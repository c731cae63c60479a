import t from 'tap'
import { PASSWORD, startCustomers } from './helpers.ts'

const customers = await startCustomers(t)
const { asAdmin } = customers
const base = '/api/customers'
const session = await customers.register({ email: 'validation@shop.test' })
const asCustomer = customers.asCustomer(session.token)
const customerId: number = (await customers.createCustomer()).id
const groupId: number = (await asAdmin({ method: 'POST', url: `${base}/groups`, payload: { name: 'Validation' } })).json().id
const address = { alias: 'Home', firstName: 'Jane', lastName: 'Doe', line1: '1 rue de Rivoli', postcode: '75001', city: 'Paris', countryCode: 'FR' }
const addressId: number = (await asAdmin({ method: 'POST', url: `${base}/customers/${customerId}/addresses`, payload: address })).json().id
const ownAddressId: number = (await asCustomer({ method: 'POST', url: `${base}/shop/me/addresses`, payload: address })).json().id

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'
interface BadRequest { url: string, payload?: unknown, path: string }

const person = { email: 'someone@shop.test', firstName: 'A', lastName: 'B' }
const customer = `/customers/${customerId}`
const ownAddress = `/shop/me/addresses/${ownAddressId}`
const staffAddress = `${customer}/addresses/${addressId}`

/** Per route, requests that break its schema, and the field path the answer must name. */
const CASES: Record<string, BadRequest[]> = {
  'GET /customers': [{ url: '/customers?limit=1000', path: 'querystring/limit' }, { url: '/customers?newsletter=perhaps', path: 'querystring/newsletter' }, { url: '/customers?createdTo=2026-13-01T00:00:00Z', path: 'querystring/createdTo' }],
  'POST /customers': [
    { url: '/customers', payload: { ...person, email: 'not an email' }, path: 'body/email' },
    { url: '/customers', payload: { firstName: 'A', lastName: 'B' }, path: 'body/email' },
    { url: '/customers', payload: { ...person, firstName: '   ' }, path: 'body/firstName' },
    { url: '/customers', payload: { ...person, password: 'short' }, path: 'body/password' },
    { url: '/customers', payload: { ...person, language: 'FR' }, path: 'body/language' },
    { url: '/customers', payload: { ...person, phone: 'call me' }, path: 'body/phone' },
    { url: '/customers', payload: { ...person, vatNumber: '!' }, path: 'body/vatNumber' },
    { url: '/customers', payload: { ...person, groupIds: [1, 1] }, path: 'body/groupIds' },
    { url: '/customers', payload: { ...person, groupIds: [0] }, path: 'body/groupIds/0' },
    { url: '/customers', payload: { ...person, newsletter: 'yes please' }, path: 'body/newsletter' },
    { url: '/customers', payload: { ...person, active: false }, path: 'body/active' },
    { url: '/customers', payload: { ...person, note: 'x'.repeat(10001) }, path: 'body/note' }
  ],
  'GET /customers/:id': [{ url: '/customers/0', path: 'params/id' }, { url: '/customers/abc', path: 'params/id' }],
  'PATCH /customers/:id': [
    { url: customer, payload: {}, path: 'body' },
    { url: customer, payload: { id: 5 }, path: 'body/id' },
    { url: customer, payload: { birthday: 'tomorrow' }, path: 'body/birthday' },
    { url: '/customers/1.5', payload: { note: 'x' }, path: 'params/id' }
  ],
  'POST /customers/:id/activate': [{ url: '/customers/-1/activate', path: 'params/id' }],
  'POST /customers/:id/deactivate': [{ url: '/customers/x/deactivate', path: 'params/id' }],
  'GET /customers/:id/orders': [{ url: `${customer}/orders?limit=0`, path: 'querystring/limit' }, { url: `${customer}/orders?cursor=`, path: 'querystring/cursor' }, { url: `${customer}/orders?page=2`, path: 'querystring/page' }],
  'GET /customers/:id/export': [{ url: '/customers/99999999999/export', path: 'params/id' }],
  'POST /customers/:id/anonymize': [{ url: '/customers/one/anonymize', path: 'params/id' }],
  'GET /customers/:id/addresses': [{ url: '/customers/0/addresses', path: 'params/id' }],
  'POST /customers/:id/addresses': [
    { url: `${customer}/addresses`, payload: { ...address, countryCode: 'fr' }, path: 'body/countryCode' },
    { url: `${customer}/addresses`, payload: { ...address, region: 'California' }, path: 'body/region' },
    { url: `${customer}/addresses`, payload: { ...address, line1: '' }, path: 'body/line1' },
    { url: `${customer}/addresses`, payload: { ...address, postcode: '1'.repeat(33) }, path: 'body/postcode' },
    { url: `${customer}/addresses`, payload: { alias: 'Home' }, path: 'body/city' },
    { url: `${customer}/addresses`, payload: { ...address, customerId: 1 }, path: 'body/customerId' }
  ],
  'PATCH /customers/:id/addresses/:addressId': [{ url: staffAddress, payload: {}, path: 'body' }, { url: `${customer}/addresses/abc`, payload: { city: 'X' }, path: 'params/addressId' }],
  'DELETE /customers/:id/addresses/:addressId': [{ url: `${customer}/addresses/0`, path: 'params/addressId' }],
  'GET /groups/:id': [{ url: '/groups/zero', path: 'params/id' }],
  'POST /groups': [{ url: '/groups', payload: {}, path: 'body/name' }, { url: '/groups', payload: { name: 'G', isDefault: 'sure' }, path: 'body/isDefault' }],
  'PATCH /groups/:id': [{ url: `/groups/${groupId}`, payload: {}, path: 'body' }, { url: `/groups/${groupId}`, payload: { discountBasisPoints: 10001 }, path: 'body/discountBasisPoints' }],
  'DELETE /groups/:id': [{ url: '/groups/-3', path: 'params/id' }],
  'POST /shop/register': [
    { url: '/shop/register', payload: { ...person }, path: 'body/password' },
    { url: '/shop/register', payload: { ...person, password: PASSWORD, note: 'VIP' }, path: 'body/note' },
    { url: '/shop/register', payload: { ...person, password: PASSWORD, groupIds: [1] }, path: 'body/groupIds' },
    { url: '/shop/register', payload: { ...person, password: PASSWORD, email: 'a@' }, path: 'body/email' }
  ],
  'POST /shop/login': [{ url: '/shop/login', payload: { email: 'someone@shop.test' }, path: 'body/password' }, { url: '/shop/login', payload: { email: 'x', password: 'y' }, path: 'body/email' }],
  'PATCH /shop/me': [{ url: '/shop/me', payload: {}, path: 'body' }, { url: '/shop/me', payload: { password: 'short', currentPassword: PASSWORD }, path: 'body/password' }, { url: '/shop/me', payload: { active: false }, path: 'body/active' }],
  'POST /shop/me/addresses': [{ url: '/shop/me/addresses', payload: { ...address, countryCode: 'FRA' }, path: 'body/countryCode' }],
  'PATCH /shop/me/addresses/:addressId': [{ url: ownAddress, payload: { phone: 12 }, path: 'body/phone' }, { url: '/shop/me/addresses/x', payload: { city: 'Y' }, path: 'params/addressId' }],
  'DELETE /shop/me/addresses/:addressId': [{ url: '/shop/me/addresses/0', path: 'params/addressId' }]
}

const routes = customers.shop.app.routeCatalog.filter(route => route.module === 'customers' && route.method !== 'HEAD').map(route => `${route.method} ${route.url.slice(base.length)}`)
const caller = (url: string) => url.startsWith('/shop/me') || url.startsWith('/shop/refresh') ? asCustomer : url.startsWith('/shop/') ? customers.shop.app.inject.bind(customers.shop.app) : asAdmin
const snapshot = async (): Promise<unknown[]> => await Promise.all([`${customer}`, `/groups/${groupId}`, '/customers?limit=100'].map(async url => (await asAdmin({ url: base + url })).json()))
const before = await snapshot()

// Routes that take no parameter, query or body: nothing to send them malformed.
const WITHOUT_INPUT = ['GET /groups', 'POST /shop/refresh', 'GET /shop/me', 'GET /shop/me/addresses']

t.test('every route taking input has malformed-input cases here', async t => {
  t.same(routes.filter(route => !(route in CASES) && !WITHOUT_INPUT.includes(route)), [])
})

for (const [route, requests] of Object.entries(CASES)) {
  t.test(`${route} answers malformed input with 400 BR_VALIDATION naming the field`, async t => {
    const method = route.split(' ')[0] as Method
    for (const request of requests) {
      const response = await caller(request.url)({ method, url: base + request.url, ...(request.payload === undefined ? {} : { payload: request.payload as object }) })
      const label = `${method} ${request.url} ${JSON.stringify(request.payload ?? '')}`
      t.equal(response.statusCode, 400, label)
      t.equal(response.json().code, 'BR_VALIDATION', label)
      t.ok((response.json().details as Array<{ path: string }>).some(detail => detail.path === request.path), `${label} names ${request.path}: ${response.body}`)
    }
  })
}

t.test('unknown records are 404 with the customers code on every route naming one', async t => {
  const cases: Array<[Method, string, unknown, string]> = [
    ['GET', '/customers/999999', undefined, 'BR_CUSTOMERS_NOT_FOUND'],
    ['PATCH', '/customers/999999', { note: 'x' }, 'BR_CUSTOMERS_NOT_FOUND'],
    ['POST', '/customers/999999/activate', undefined, 'BR_CUSTOMERS_NOT_FOUND'],
    ['POST', '/customers/999999/deactivate', undefined, 'BR_CUSTOMERS_NOT_FOUND'],
    ['GET', '/customers/999999/addresses', undefined, 'BR_CUSTOMERS_NOT_FOUND'],
    ['POST', '/customers/999999/addresses', address, 'BR_CUSTOMERS_NOT_FOUND'],
    ['PATCH', `${customer}/addresses/999999`, { city: 'X' }, 'BR_CUSTOMERS_ADDRESS_NOT_FOUND'],
    ['DELETE', `${customer}/addresses/999999`, undefined, 'BR_CUSTOMERS_ADDRESS_NOT_FOUND'],
    ['GET', '/groups/999999', undefined, 'BR_CUSTOMERS_GROUP_NOT_FOUND'],
    ['PATCH', '/groups/999999', { name: 'X' }, 'BR_CUSTOMERS_GROUP_NOT_FOUND'],
    ['DELETE', '/groups/999999', undefined, 'BR_CUSTOMERS_GROUP_NOT_FOUND'],
    ['PATCH', '/shop/me/addresses/999999', { city: 'X' }, 'BR_CUSTOMERS_ADDRESS_NOT_FOUND'],
    ['DELETE', '/shop/me/addresses/999999', undefined, 'BR_CUSTOMERS_ADDRESS_NOT_FOUND']
  ]
  for (const [method, url, payload, code] of cases) {
    const response = await caller(url)({ method, url: base + url, ...(payload === undefined ? {} : { payload: payload as object }) })
    t.equal(response.statusCode, 404, `${method} ${url}`)
    t.match(response.json(), { statusCode: 404, code, error: 'Not Found', message: String }, `${method} ${url}`)
  }
})

t.test('text no column can hold is a 400, never a 500', async t => {
  const response = await asAdmin({ method: 'PATCH', url: `${base}${customer}`, payload: { note: 'nul \u0000 byte' } })
  t.equal(response.statusCode, 400)
  t.equal(response.json().code, 'BR_BAD_REQUEST')
})

t.test('no malformed request changed anything', async t => {
  t.same(await snapshot(), before)
})
