import t from 'tap'
import { customersUrl, shopUrl, startCustomers } from './helpers.ts'

const customers = await startCustomers(t)
const { asAdmin } = customers
const staffView = async (id: number) => (await asAdmin({ url: `${customersUrl}/${id}` })).json()
const consentLog = async (id: number) => (await asAdmin({ url: `${customersUrl}/${id}/export` })).json().consents

t.test('opting in at registration records the time and the IP address of the consent', async t => {
  const before = Date.now()
  const { customer } = await customers.register({ newsletter: true, partner: false }, '203.0.113.7')
  const view = await staffView(customer.id)
  t.match(view.newsletter, { optedIn: true, ip: '203.0.113.7' })
  t.ok(Date.parse(view.newsletter.at) >= before - 1000 && Date.parse(view.newsletter.at) <= Date.now() + 1000, 'at the time of the request')
  t.same(view.partner, { optedIn: false, at: null, ip: null })
  t.match(await consentLog(customer.id), [{ kind: 'newsletter', optedIn: true, source: 'shop', ip: '203.0.113.7', employeeId: null, at: view.newsletter.at }])
  t.equal((await consentLog(customer.id)).length, 1, 'not opting in records nothing')
})

t.test('a customer opting out in the shop clears the consent and records the opt-out with its IP', async t => {
  const { token, customer } = await customers.register({ newsletter: true, partner: true }, '203.0.113.8')
  const changed = await customers.asCustomer(token, '198.51.100.4')({ method: 'PATCH', url: `${shopUrl}/me`, payload: { newsletter: false } })
  t.equal(changed.statusCode, 200)
  t.match(changed.json(), { newsletter: false, partner: true })
  const view = await staffView(customer.id)
  t.same(view.newsletter, { optedIn: false, at: null, ip: null })
  t.match(view.partner, { optedIn: true, ip: '203.0.113.8' }, 'the other consent is untouched')
  t.match(await consentLog(customer.id), [
    { kind: 'newsletter', optedIn: true, ip: '203.0.113.8' },
    { kind: 'partner', optedIn: true, ip: '203.0.113.8' },
    { kind: 'newsletter', optedIn: false, source: 'shop', ip: '198.51.100.4' }
  ])
})

t.test('staff recording a consent keeps the request\'s IP address and the employee', async t => {
  const created = await customers.createCustomer()
  const salesman = await customers.employee('Salesman')
  const answer = await salesman({ method: 'PATCH', url: `${customersUrl}/${created.id as number}`, payload: { partner: true }, remoteAddress: '192.0.2.10' })
  t.equal(answer.statusCode, 200)
  t.match(answer.json().partner, { optedIn: true, at: String, ip: '192.0.2.10' })
  const [change] = await consentLog(created.id)
  t.match(change, { kind: 'partner', optedIn: true, source: 'staff', ip: '192.0.2.10', employeeId: Number })
  t.not(change.employeeId, customers.shop.adminId, 'the employee who made the change')
})

t.test('sending the consent one already has changes nothing and records nothing', async t => {
  const { token, customer } = await customers.register({ newsletter: true }, '203.0.113.9')
  const at = (await staffView(customer.id)).newsletter.at
  await customers.asCustomer(token, '198.51.100.5')({ method: 'PATCH', url: `${shopUrl}/me`, payload: { newsletter: true } })
  t.match((await staffView(customer.id)).newsletter, { optedIn: true, at, ip: '203.0.113.9' })
  t.equal((await consentLog(customer.id)).length, 1)
})
