import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { PASSWORD, customersUrl, freshEmail, shopUrl, startCustomers } from './helpers.ts'

const customers = await startCustomers(t)
const { asAdmin } = customers
const patchMe = async (token: string, payload: Record<string, unknown>) => await customers.asCustomer(token)({ method: 'PATCH', url: `${shopUrl}/me`, payload })

t.test('a customer edits their own profile', async t => {
  const { token, customer } = await customers.register()
  const changed = await patchMe(token, { firstName: 'Janet', language: 'fr', company: 'Janet & Co', vatNumber: 'BE0123456789', birthday: '1991-07-14', phone: '+32 2 123 45 67', partner: true })
  t.equal(changed.statusCode, 200)
  t.match(changed.json(), { id: customer.id, firstName: 'Janet', lastName: 'Doe', language: 'fr', company: 'Janet & Co', vatNumber: 'BE0123456789', birthday: '1991-07-14', phone: '+32 2 123 45 67', partner: true })
  t.same((await customers.asCustomer(token)({ url: `${shopUrl}/me` })).json(), changed.json())
  t.same((await customers.events('customers.customer.updated')).filter(event => event.id === customer.id).map(event => event.fields),
    [['birthday', 'company', 'firstName', 'language', 'partner', 'phone', 'vatNumber']])
})

t.test('a customer cannot set staff-only fields: note, groups, active', async t => {
  const { token, customer } = await customers.register()
  const group = (await asAdmin({ method: 'POST', url: '/api/customers/groups', payload: { name: 'Secret discount', discountBasisPoints: 5000 } })).json()
  for (const payload of [{ note: 'I am a VIP' }, { groupIds: [group.id] }, { active: true }, { hasPassword: true }]) {
    const refused = await patchMe(token, payload)
    t.equal(refused.statusCode, 400, Object.keys(payload)[0])
    t.equal(refused.json().code, 'BR_VALIDATION', Object.keys(payload)[0])
  }
  t.match((await asAdmin({ url: `${customersUrl}/${customer.id as number}` })).json(), { note: null, groupIds: [] })
})

t.test('a new email or password needs the current password', async t => {
  const { token, customer } = await customers.register()
  const email = freshEmail('Moved')
  for (const payload of [{ email }, { password: 'a brand new password' }, { email, currentPassword: 'not my password' }]) {
    const refused = await patchMe(token, payload)
    t.equal(refused.statusCode, 403, JSON.stringify(payload))
    t.equal(refused.json().code, 'BR_CUSTOMERS_REAUTHENTICATION_FAILED', JSON.stringify(payload))
  }
  t.equal((await patchMe(token, { email, password: 'a brand new password', currentPassword: PASSWORD })).json().email, email)
  t.equal((await customers.login(customer.email)).statusCode, 401, 'the old email no longer logs in')
  t.equal((await customers.login(email)).statusCode, 401, 'nor the old password')
  t.equal((await customers.login(email, 'a brand new password')).statusCode, 200)
})

t.test('a password change, by the customer or by staff, signs out every token issued before it', async t => {
  const { token, customer } = await customers.register()
  const elsewhere = (await customers.login(customer.email)).json().token
  const signedIn = async (candidate: string): Promise<number> => (await customers.asCustomer(candidate)({ url: `${shopUrl}/me` })).statusCode
  await sleep(1100) // tokens carry their issue time in whole seconds
  t.equal((await patchMe(token, { password: 'another long password', currentPassword: PASSWORD })).statusCode, 200)
  t.same([await signedIn(token), await signedIn(elsewhere)], [401, 401])
  const fresh = (await customers.login(customer.email, 'another long password')).json().token
  t.equal(await signedIn(fresh), 200, 'a login after the change signs in')
  await sleep(1100)
  await asAdmin({ method: 'PATCH', url: `${customersUrl}/${customer.id as number}`, payload: { password: 'set by the shop staff' } })
  t.equal(await signedIn(fresh), 401)
  t.equal((await customers.asCustomer(fresh)({ url: `${shopUrl}/me` })).json().code, 'BR_CUSTOMERS_UNAUTHENTICATED')
})

t.test('the current password alone changes nothing', async t => {
  const { token, customer } = await customers.register()
  const answer = await patchMe(token, { currentPassword: PASSWORD })
  t.equal(answer.statusCode, 200)
  t.same(answer.json(), customer)
  t.notOk((await customers.events('customers.customer.updated')).some(event => event.id === customer.id))
})

t.test('an email another customer holds is refused', async t => {
  const { token } = await customers.register()
  const other = await customers.createCustomer()
  const refused = await patchMe(token, { email: other.email.toUpperCase(), currentPassword: PASSWORD })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'BR_CUSTOMERS_EMAIL_TAKEN')
})
