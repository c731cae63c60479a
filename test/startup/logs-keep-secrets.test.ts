import { randomBytes } from 'node:crypto'
import t from 'tap'
import { createLogger } from '../../core/platform.ts'
import { ADMIN_EMAIL, ADMIN_PASSWORD, TEST_SECRET, startPlatform } from '../helpers/platform.ts'

interface LogLine { reqId?: string, req?: unknown, res?: unknown, msg?: string, [key: string]: unknown }

const unique = (label: string): string => `${label}-${randomBytes(12).toString('hex')}`

t.test('at trace level, requests carrying passwords, tokens, API keys and module secrets leave none of them in the log, and every request line has its request id', async t => {
  const output: string[] = []
  const platform = await startPlatform(t, {
    modules: ['hello', 'careless_logger'],
    install: ['hello', 'careless_logger'],
    logger: createLogger('trace', { write: line => { output.push(line) } })
  })
  // platform.app each time: a settings change swaps in a new app instance.
  const secrets = [ADMIN_PASSWORD, TEST_SECRET]

  const login = await platform.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } })
  t.equal(login.statusCode, 200)
  const { accessToken, refreshToken } = login.json()
  secrets.push(accessToken, refreshToken)

  const wrongPassword = unique('wrong-password')
  secrets.push(wrongPassword)
  t.equal((await platform.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: ADMIN_EMAIL, password: wrongPassword } })).statusCode, 401)

  t.equal((await platform.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${accessToken}` } })).statusCode, 200)
  const refreshed = await platform.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } })
  t.equal(refreshed.statusCode, 200)
  secrets.push(refreshed.json().accessToken, refreshed.json().refreshToken)

  const forgedToken = unique('forged-token')
  const unknownKey = `brk_${unique('key')}`
  secrets.push(forgedToken, unknownKey)
  t.equal((await platform.app.inject({ url: '/api/modules', headers: { authorization: `Bearer ${forgedToken}` } })).statusCode, 401)
  t.equal((await platform.app.inject({ url: '/api/modules', headers: { 'x-api-key': unknownKey } })).statusCode, 401)

  const moduleSecret = unique('module-secret')
  const refusedSecret = unique('refused-secret')
  secrets.push(moduleSecret, refusedSecret)
  t.equal((await platform.asAdmin({ method: 'PUT', url: '/api/modules/hello/settings', payload: { salutation: 'Hi', apiToken: moduleSecret } })).statusCode, 200)
  t.equal((await platform.asAdmin({ method: 'PUT', url: '/api/modules/hello/settings', payload: { salutation: '', apiToken: refusedSecret } })).statusCode, 400)
  t.equal((await platform.app.inject({ url: '/api/hello/salutation' })).statusCode, 200, 'the module reads its opened secret')

  const carelessPassword = unique('careless-password')
  const carelessToken = unique('careless-token')
  secrets.push(carelessPassword, carelessToken)
  const careless = await platform.app.inject({
    method: 'POST',
    url: '/api/careless_logger/sign-in',
    headers: { authorization: `Bearer ${accessToken}`, 'x-api-key': unknownKey, cookie: `session=${carelessToken}`, 'x-request-id': 'careless-1' },
    payload: { email: ADMIN_EMAIL, password: carelessPassword, token: carelessToken }
  })
  t.equal(careless.statusCode, 200)

  const text = output.join('')
  for (const secret of secrets) t.notOk(text.includes(secret), `${secret.slice(0, 14)}… is not in the log`)

  const lines: LogLine[] = output.map(line => JSON.parse(line))
  const carelessLines = lines.filter(line => line.msg?.startsWith('sign-in') === true)
  t.equal(carelessLines.length, 2, 'the module logged what it received, at info and debug')
  t.match(carelessLines[0], { reqId: 'careless-1', body: { email: ADMIN_EMAIL, password: '[Redacted]' }, headers: { authorization: '[Redacted]' } })
  t.match(carelessLines[1], { reqId: 'careless-1', password: '[Redacted]', token: '[Redacted]' })

  const requestLines = lines.filter(line => line.req !== undefined || line.res !== undefined)
  t.ok(requestLines.length >= 20, `every request logged its start and end (${requestLines.length} lines)`)
  t.same(requestLines.filter(line => typeof line.reqId !== 'string' || line.reqId === ''), [], 'each request line carries a request id')
  t.same(lines.filter(line => line.reqId === 'careless-1').map(line => line.msg), ['incoming request', 'sign-in received', 'sign-in fields', 'request completed'],
    'an X-Request-Id sent by the caller is the request id of every line of that request')
})
