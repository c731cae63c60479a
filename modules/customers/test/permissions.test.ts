import t from 'tap'
import { customersUrl, startCustomers, type Caller } from './helpers.ts'

const customers = await startCustomers(t)
const { asAdmin } = customers
const routes = customers.shop.app.routeCatalog.filter(route => route.module === 'customers' && route.method !== 'HEAD')
const staffRoutes = routes.filter(route => !route.public)
/** A concrete URL for a route pattern, on ids that exist nowhere: a permitted call answers 404 or 400 and changes nothing. */
const sampleUrl = (url: string): string => url.replace(/:(id|addressId)/g, '999999')

const GRANTS: Record<string, string[]> = {
  Salesman: ['customers.read', 'customers.write'],
  Logistician: ['customers.read'],
  Translator: []
}

t.test('staff routes need a customers permission, shop routes are public and authenticate customers themselves', async t => {
  t.same([...new Set(staffRoutes.map(route => route.permission))].sort(), ['customers.anonymize', 'customers.export', 'customers.read', 'customers.write'])
  for (const route of staffRoutes) {
    const expected = route.url.endsWith('/export') ? 'customers.export' : route.url.endsWith('/anonymize') ? 'customers.anonymize' : route.method === 'GET' ? 'customers.read' : 'customers.write'
    t.equal(route.permission, expected, `${route.method} ${route.url}`)
  }
  t.ok(routes.filter(route => route.public).every(route => route.url.startsWith('/api/customers/shop/')), 'only shop routes are public')
})

t.test('each default profile reaches exactly the routes of its permissions', async t => {
  for (const [profile, granted] of Object.entries(GRANTS)) {
    const as = await customers.employee(profile)
    for (const route of staffRoutes) {
      const answer = await as({ method: route.method as 'GET', url: sampleUrl(route.url), ...(route.method === 'GET' ? {} : { payload: {} }) })
      const label = `${profile}: ${route.method} ${route.url}`
      if (granted.includes(route.permission!)) t.not(answer.statusCode, 403, label)
      else t.match({ status: answer.statusCode, body: answer.json() }, { status: 403, body: { code: 'BR_FORBIDDEN' } }, label)
    }
  }
})

t.test('a Salesman creates and edits customers and groups; a Logistician reads them and their addresses', async t => {
  const salesman = await customers.employee('Salesman')
  const created = await salesman({ method: 'POST', url: customersUrl, payload: { email: 'by.salesman@shop.test', firstName: 'Sal', lastName: 'Esman' } })
  t.equal(created.statusCode, 201)
  const id: number = created.json().id
  t.equal((await salesman({ method: 'POST', url: `${customersUrl}/${id}/addresses`, payload: { alias: 'Home', firstName: 'Sal', lastName: 'Esman', line1: '2 rue X', postcode: '75002', city: 'Paris', countryCode: 'FR' } })).statusCode, 201)
  t.equal((await salesman({ method: 'POST', url: '/api/customers/groups', payload: { name: 'Salesman group' } })).statusCode, 201)
  const logistician = await customers.employee('Logistician')
  t.match((await logistician({ url: `${customersUrl}/${id}` })).json(), { id, addresses: [{ city: 'Paris' }] })
  t.equal((await logistician({ url: '/api/customers/groups' })).statusCode, 200)
  t.equal((await logistician({ method: 'PATCH', url: `${customersUrl}/${id}`, payload: { firstName: 'Changed' } })).statusCode, 403)
  t.equal((await logistician({ method: 'POST', url: '/api/customers/groups', payload: { name: 'Nope' } })).statusCode, 403)
  t.equal((await asAdmin({ url: `${customersUrl}/${id}` })).json().firstName, 'Sal')
})

t.test('export and anonymization need their own permissions, which no default profile but SuperAdmin holds', async t => {
  const id: number = (await customers.createCustomer()).id
  const exporter: Caller = await customers.holding(['customers.export'])
  t.equal((await exporter({ url: `${customersUrl}/${id}/export` })).statusCode, 200)
  t.equal((await exporter({ method: 'POST', url: `${customersUrl}/${id}/anonymize` })).statusCode, 403)
  const salesman = await customers.employee('Salesman')
  t.equal((await salesman({ url: `${customersUrl}/${id}/export` })).statusCode, 403)
  t.equal((await salesman({ method: 'POST', url: `${customersUrl}/${id}/anonymize` })).statusCode, 403)
  const eraser: Caller = await customers.holding(['customers.anonymize'])
  t.equal((await eraser({ method: 'POST', url: `${customersUrl}/${id}/anonymize` })).statusCode, 200)
})

t.test('staff routes without a token are 401', async t => {
  for (const route of staffRoutes) {
    const answer = await customers.shop.app.inject({ method: route.method as 'GET', url: sampleUrl(route.url) })
    t.equal(answer.statusCode, 401, `${route.method} ${route.url}`)
  }
})
