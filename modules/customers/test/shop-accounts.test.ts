import t from 'tap'
import { PASSWORD, customersUrl, freshEmail, shopUrl, startCustomers } from './helpers.ts'

const customers = await startCustomers(t)
const { asAdmin } = customers

t.test('a customer registers in the shop and is signed in with a customer token', async t => {
  const email = freshEmail('Jane.Register')
  const session = await customers.register({ email, language: 'fr', company: 'Doe SARL', vatNumber: 'FR40303265045', birthday: '1990-05-17', phone: '+33 1 23 45 67 89' })
  t.match(session, { token: String, expiresIn: 3600, customer: { id: Number, email, firstName: 'Jane', lastName: 'Doe', language: 'fr', company: 'Doe SARL', vatNumber: 'FR40303265045', birthday: '1990-05-17', phone: '+33 1 23 45 67 89', newsletter: false, partner: false } })
  t.notOk('note' in session.customer, 'staff notes are not the customer\'s to see')
  const me = await customers.asCustomer(session.token)({ url: `${shopUrl}/me` })
  t.equal(me.statusCode, 200)
  t.same(me.json(), session.customer)
  const staffView = (await asAdmin({ url: `${customersUrl}/${session.customer.id as number}` })).json()
  t.match(staffView, { email, active: true, hasPassword: true, groupIds: [], discountBasisPoints: 0, note: null, anonymizedAt: null, addresses: [], history: { orderCount: 0, totalSpent: [] } })
  t.match(await customers.events('customers.customer.registered'), [{ id: session.customer.id, source: 'shop' }])
})

t.test('the language defaults to the shop\'s and must be an active language of localization', async t => {
  t.equal((await customers.register()).customer.language, 'en')
  await asAdmin({ method: 'POST', url: '/api/localization/languages', payload: { code: 'de', name: 'Deutsch', active: false } })
  for (const language of ['zz', 'de']) {
    const refused = await customers.shop.app.inject({ method: 'POST', url: `${shopUrl}/register`, payload: { email: freshEmail(), password: PASSWORD, firstName: 'A', lastName: 'B', language } })
    t.equal(refused.statusCode, 400, language)
    t.match(refused.json(), { code: 'BR_CUSTOMERS_UNKNOWN_LANGUAGE', details: { field: 'language' } }, language)
  }
})

t.test('a customer logs in with the email in any letter case and the password', async t => {
  const { customer } = await customers.register({ email: freshEmail('Mixed.Case') })
  const answer = await customers.login(customer.email.toUpperCase())
  t.equal(answer.statusCode, 200)
  t.match(answer.json(), { token: String, expiresIn: 3600, customer: { id: customer.id } })
  t.equal((await customers.asCustomer(answer.json().token)({ url: `${shopUrl}/me` })).json().id, customer.id)
})

t.test('a wrong password or an unknown email is refused alike', async t => {
  const { customer } = await customers.register()
  for (const [email, password] of [[customer.email, 'not the password'], [freshEmail('nobody'), PASSWORD]]) {
    const answer = await customers.login(email, password)
    t.equal(answer.statusCode, 401)
    t.match(answer.json(), { statusCode: 401, code: 'BR_CUSTOMERS_INVALID_CREDENTIALS', message: 'Wrong email or password' })
  }
})

t.test('an account created by staff without a password cannot log in until staff sets one', async t => {
  const created = await customers.createCustomer()
  t.equal(created.hasPassword, false)
  t.equal((await customers.login(created.email, '')).statusCode, 400, 'an empty password is malformed')
  t.equal((await customers.login(created.email, 'any password at all')).json().code, 'BR_CUSTOMERS_INVALID_CREDENTIALS')
  const set = await asAdmin({ method: 'PATCH', url: `${customersUrl}/${created.id as number}`, payload: { password: PASSWORD } })
  t.equal(set.json().hasPassword, true)
  t.equal((await customers.login(created.email)).statusCode, 200)
})

t.test('a customer token refreshes into a new one and opens the shop routes only', async t => {
  const { token, customer } = await customers.register()
  const refreshed = await customers.asCustomer(token)({ method: 'POST', url: `${shopUrl}/refresh` })
  t.equal(refreshed.statusCode, 200)
  t.equal(refreshed.json().customer.id, customer.id)
  t.equal((await customers.asCustomer(refreshed.json().token)({ url: `${shopUrl}/me` })).statusCode, 200)
})

t.test('shop routes refuse a missing, malformed, forged or staff token with 401', async t => {
  const { token } = await customers.register()
  const forged = token.replace(/\.([^.]+)\./, (_whole, claims: string) =>
    `.${Buffer.from(Buffer.from(claims, 'base64url').toString().replace(/"sub":"\d+"/, '"sub":"1"')).toString('base64url')}.`)
  const cases: Record<string, Record<string, string>> = {
    'no Authorization header': {},
    'not a bearer token': { authorization: `Basic ${token}` },
    garbage: { authorization: 'Bearer garbage' },
    'changed claims': { authorization: `Bearer ${forged}` },
    'a staff access token': { authorization: `Bearer ${customers.shop.tokenFor(customers.shop.adminId)}` }
  }
  for (const [what, headers] of Object.entries(cases)) {
    const answer = await customers.shop.app.inject({ url: `${shopUrl}/me`, headers })
    t.equal(answer.statusCode, 401, what)
    t.match(answer.json(), { statusCode: 401, code: 'BR_CUSTOMERS_UNAUTHENTICATED', message: String }, what)
  }
})

t.test('a customer token gets 401 on the staff customers routes', async t => {
  const { token, customer } = await customers.register()
  for (const url of [customersUrl, `${customersUrl}/${customer.id as number}`, '/api/customers/groups', '/api/me']) {
    const answer = await customers.asCustomer(token)({ url })
    t.equal(answer.statusCode, 401, url)
    t.equal(answer.json().code, 'BR_UNAUTHENTICATED', url)
  }
  const patch = await customers.asCustomer(token)({ method: 'PATCH', url: `${customersUrl}/${customer.id as number}`, payload: { note: 'VIP' } })
  t.equal(patch.statusCode, 401)
})
