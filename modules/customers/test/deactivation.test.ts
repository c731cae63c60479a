import t from 'tap'
import { customersUrl, shopUrl, startCustomers } from './helpers.ts'

const customers = await startCustomers(t, ['order_book'])
const { asAdmin } = customers
const deactivate = async (id: number) => await asAdmin({ method: 'POST', url: `${customersUrl}/${id}/deactivate` })

t.test('a deactivated customer\'s tokens stop working at once, on the shop and for other modules', async t => {
  const { token, customer } = await customers.register()
  const as = customers.asCustomer(token)
  t.equal((await as({ url: `${shopUrl}/me` })).statusCode, 200)
  t.equal((await as({ url: '/api/order_book/shop/whoami' })).json().id, customer.id, 'customers.accounts authenticates the token for another module')
  const answer = await deactivate(customer.id)
  t.equal(answer.statusCode, 200)
  t.match(answer.json(), { id: customer.id, active: false })
  for (const request of [{ url: `${shopUrl}/me` }, { method: 'POST' as const, url: `${shopUrl}/refresh` }, { url: `${shopUrl}/me/addresses` }, { url: '/api/order_book/shop/whoami' }]) {
    const refused = await as(request)
    t.equal(refused.statusCode, 403, request.url)
    t.match(refused.json(), { statusCode: 403, code: 'BR_CUSTOMERS_INACTIVE' }, request.url)
  }
})

t.test('a deactivated customer cannot log in; reactivated, they can again', async t => {
  const { customer } = await customers.register()
  await deactivate(customer.id)
  const refused = await customers.login(customer.email)
  t.equal(refused.statusCode, 403)
  t.equal(refused.json().code, 'BR_CUSTOMERS_INACTIVE')
  t.equal((await customers.login(customer.email, 'a wrong password')).json().code, 'BR_CUSTOMERS_INVALID_CREDENTIALS', 'nothing is said about the account before the password matched')
  const activated = await asAdmin({ method: 'POST', url: `${customersUrl}/${customer.id as number}/activate` })
  t.match(activated.json(), { active: true })
  t.equal((await customers.login(customer.email)).statusCode, 200)
})

t.test('deactivation emits customers.customer.deactivated once; reactivation is an update', async t => {
  const { customer } = await customers.register()
  await deactivate(customer.id)
  await deactivate(customer.id)
  await asAdmin({ method: 'POST', url: `${customersUrl}/${customer.id as number}/activate` })
  t.equal((await customers.events('customers.customer.deactivated')).filter(event => event.id === customer.id).length, 1)
  t.same((await customers.events('customers.customer.updated')).filter(event => event.id === customer.id), [{ id: customer.id, fields: ['active'] }])
})

t.test('customers are never deleted: there is no DELETE route for them', async t => {
  const { customer } = await customers.register()
  const answer = await asAdmin({ method: 'DELETE', url: `${customersUrl}/${customer.id as number}` })
  t.equal(answer.statusCode, 404)
  t.equal(answer.json().code, 'BR_NOT_FOUND')
  t.equal((await asAdmin({ url: `${customersUrl}/${customer.id as number}` })).statusCode, 200)
})
