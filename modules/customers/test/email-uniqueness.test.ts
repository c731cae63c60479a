import t from 'tap'
import { PASSWORD, customersUrl, freshEmail, shopUrl, startCustomers } from './helpers.ts'

const customers = await startCustomers(t)
const { asAdmin } = customers
const register = async (email: string) => await customers.shop.app.inject({ method: 'POST', url: `${shopUrl}/register`, payload: { email, password: PASSWORD, firstName: 'Jane', lastName: 'Doe' } })

t.test('an email is taken in any letter case, in the shop and by staff', async t => {
  const email = freshEmail('Unique')
  t.equal((await register(email)).statusCode, 201)
  for (const variant of [email, email.toUpperCase(), email.toLowerCase()]) {
    const again = await register(variant)
    t.equal(again.statusCode, 409, variant)
    t.match(again.json(), { statusCode: 409, code: 'BR_CUSTOMERS_EMAIL_TAKEN', details: { field: 'email' } }, variant)
    const byStaff = await asAdmin({ method: 'POST', url: customersUrl, payload: { email: variant, firstName: 'J', lastName: 'D' } })
    t.equal(byStaff.json().code, 'BR_CUSTOMERS_EMAIL_TAKEN', variant)
  }
  const [{ count }] = await customers.shop.database.knex('customers.customers').whereRaw('lower(email) = lower(?)', [email]).count({ count: '*' })
  t.equal(Number(count), 1)
})

t.test('changing an email to one another customer holds is refused; to another case of one\'s own is not', async t => {
  const taken = (await customers.createCustomer({ email: freshEmail('holder') })).email
  const other = await customers.createCustomer()
  const refused = await asAdmin({ method: 'PATCH', url: `${customersUrl}/${other.id as number}`, payload: { email: taken.toUpperCase() } })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'BR_CUSTOMERS_EMAIL_TAKEN')
  const recased = await asAdmin({ method: 'PATCH', url: `${customersUrl}/${other.id as number}`, payload: { email: other.email.toUpperCase() } })
  t.equal(recased.statusCode, 200)
  t.equal(recased.json().email, other.email.toUpperCase())
})

t.test('two concurrent registrations of one email: one 201, one 409', async t => {
  const email = freshEmail('race')
  const answers = await Promise.all([register(email), register(email.toUpperCase())])
  t.same(answers.map(answer => answer.statusCode).sort(), [201, 409])
  t.equal(answers.find(answer => answer.statusCode === 409)!.json().code, 'BR_CUSTOMERS_EMAIL_TAKEN')
  const [{ count }] = await customers.shop.database.knex('customers.customers').count({ count: '*' })
  t.equal((await customers.events('customers.customer.registered')).length, Number(count), 'the refused one emitted nothing')
})

t.test('the placeholder email of an anonymized account can never be registered or given', async t => {
  const created = await customers.createCustomer()
  const email = `anonymized-${created.id as number}@invalid`
  t.equal((await register(email)).json().code, 'BR_VALIDATION')
  t.equal((await asAdmin({ method: 'PATCH', url: `${customersUrl}/${created.id as number}`, payload: { email } })).json().code, 'BR_VALIDATION')
})
