import t from 'tap'
import { PASSWORD, startCustomers } from './helpers.ts'

const customers = await startCustomers(t)
const settings = await customers.asAdmin({ method: 'PUT', url: '/api/modules/customers/settings', payload: { loginMaxPerAccount: 3, loginMaxPerIp: 5, loginWindowSeconds: 600 } })
if (settings.statusCode !== 200) throw new Error(settings.body)

t.test('failed logins are limited per email, whatever the IP address, with Retry-After', async t => {
  const { customer } = await customers.register()
  for (let attempt = 1; attempt <= 3; attempt++) t.equal((await customers.login(customer.email, 'wrong password', `198.51.100.${attempt}`)).statusCode, 401)
  const limited = await customers.login(customer.email.toUpperCase(), PASSWORD, '198.51.100.9')
  t.equal(limited.statusCode, 429, 'even the right password, in another letter case, from another address')
  t.match(limited.json(), { statusCode: 429, code: 'BR_CUSTOMERS_LOGIN_RATE_LIMITED', message: /retry in \d+ seconds/ })
  const retryAfter = Number(limited.headers['retry-after'])
  t.ok(retryAfter > 590 && retryAfter <= 600, `Retry-After ${retryAfter}`)
  t.equal((await customers.login((await customers.register()).customer.email, PASSWORD, '198.51.100.9')).statusCode, 200, 'other emails log in')
})

t.test('a successful login clears the count of its email', async t => {
  const { customer } = await customers.register()
  for (let round = 0; round < 3; round++) {
    for (let attempt = 0; attempt < 2; attempt++) await customers.login(customer.email, 'wrong password', `203.0.113.${round * 10 + attempt}`)
    t.equal((await customers.login(customer.email, PASSWORD, `203.0.113.${round * 10 + 5}`)).statusCode, 200, `round ${round}`)
  }
})

t.test('logins are limited per IP address, whatever the email', async t => {
  const ip = '192.0.2.77'
  for (let attempt = 0; attempt < 5; attempt++) await customers.login(`nobody${attempt}@shop.test`, 'wrong password', ip)
  const { customer } = await customers.register()
  const limited = await customers.login(customer.email, PASSWORD, ip)
  t.equal(limited.statusCode, 429)
  t.equal(limited.json().code, 'BR_CUSTOMERS_LOGIN_RATE_LIMITED')
  t.equal((await customers.login(customer.email, PASSWORD, '192.0.2.78')).statusCode, 200, 'another address logs in')
})

t.test('the counters live in the database: another process sees them', async t => {
  const { customer } = await customers.register()
  for (let attempt = 0; attempt < 3; attempt++) await customers.login(customer.email, 'wrong password', `198.18.0.${attempt}`)
  const other = await customers.shop.anotherProcess()
  const limited = await other.app.inject({ method: 'POST', url: '/api/customers/shop/login', payload: { email: customer.email, password: PASSWORD }, remoteAddress: '198.18.0.99' })
  t.equal(limited.statusCode, 429)
})
