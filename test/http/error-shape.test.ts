import t from 'tap'
import { INTERNAL_FAILURE } from '../fixtures/modules/faults/failure.ts'
import { startPlatform } from '../helpers/platform.ts'

const platform = await startPlatform(t, { modules: ['hello', 'faults'], install: ['hello', 'faults'] })
const json = { 'content-type': 'application/json' }

t.test('an unknown route answers 404 BR_NOT_FOUND', async t => {
  const response = await platform.asAdmin({ url: '/api/no-such-thing?x=1' })
  t.equal(response.statusCode, 404)
  t.same(response.json(), { statusCode: 404, code: 'BR_NOT_FOUND', error: 'Not Found', message: 'Route GET /api/no-such-thing not found' })
})

t.test('malformed JSON answers 400 BR_BAD_REQUEST', async t => {
  const response = await platform.asAdmin({ method: 'POST', url: '/api/hello/greetings', headers: json, payload: '{"text": "unterminated' })
  t.equal(response.statusCode, 400)
  t.match(response.json(), { statusCode: 400, code: 'BR_BAD_REQUEST', error: 'Bad Request', message: String })
})

t.test('a content type the route does not read answers 415 BR_UNSUPPORTED_MEDIA_TYPE', async t => {
  const response = await platform.asAdmin({ method: 'POST', url: '/api/hello/greetings', headers: { 'content-type': 'application/xml' }, payload: '<text>hi</text>' })
  t.equal(response.statusCode, 415)
  t.match(response.json(), { statusCode: 415, code: 'BR_UNSUPPORTED_MEDIA_TYPE', error: 'Unsupported Media Type' })
})

t.test('a body over the limit answers 413 BR_PAYLOAD_TOO_LARGE', async t => {
  const response = await platform.asAdmin({ method: 'POST', url: '/api/hello/greetings', headers: json, payload: JSON.stringify({ text: 'x'.repeat(1_100_000) }) })
  t.equal(response.statusCode, 413)
  t.match(response.json(), { statusCode: 413, code: 'BR_PAYLOAD_TOO_LARGE', error: 'Payload Too Large' })
})

t.test('a body that breaks the schema answers 400 BR_VALIDATION with the path of each field', async t => {
  const response = await platform.asAdmin({ method: 'POST', url: '/api/hello/greetings', payload: { text: '' } })
  t.equal(response.statusCode, 400)
  t.match(response.json(), { statusCode: 400, code: 'BR_VALIDATION', error: 'Bad Request', message: /body\/text/, details: [{ path: 'body/text', message: String }] })
  const missing = await platform.asAdmin({ method: 'POST', url: '/api/hello/greetings', payload: {} })
  t.match(missing.json().details, [{ path: 'body/text' }], 'a missing field is named too')
})

t.test('a body is validated as sent: a value of the wrong type is refused, not converted', async t => {
  for (const text of [42, true, ['a list of one'], null]) {
    const response = await platform.asAdmin({ method: 'POST', url: '/api/hello/greetings', payload: { text } })
    t.equal(response.statusCode, 400, `text: ${JSON.stringify(text)}`)
    t.match(response.json(), { code: 'BR_VALIDATION', details: [{ path: 'body/text' }] })
  }
  const written = (await platform.asAdmin({ url: '/api/hello/greetings' })).json()
  t.notOk(written.some((greeting: { text: string }) => ['42', 'true', 'a list of one', ''].includes(greeting.text)), 'nothing was written')
  t.equal((await platform.asAdmin({ url: '/api/audit?limit=2' })).statusCode, 200, 'a query string, which is text, is still read as the numbers it holds')
})

t.test('a path parameter that breaks the schema is named by its path', async t => {
  const response = await platform.asAdmin({ url: '/api/modules/NOT_A_NAME' })
  t.match(response.json(), { statusCode: 400, code: 'BR_VALIDATION', details: [{ path: 'params/name' }] })
})

t.test('a broken percent-encoding or an over-long path parameter answers in the one error shape', async t => {
  const badUrl = await platform.asAdmin({ url: '/api/modules/%ZZ' })
  t.match({ status: badUrl.statusCode, body: badUrl.json() }, { status: 400, body: { statusCode: 400, code: 'BR_BAD_REQUEST', error: 'Bad Request' } })
  const tooLong = await platform.asAdmin({ url: `/api/modules/${'a'.repeat(201)}` })
  t.match({ status: tooLong.statusCode, body: tooLong.json() }, { status: 414, body: { statusCode: 414, code: 'BR_URI_TOO_LONG', error: 'URI Too Long' } })
})

t.test('a value the database cannot hold answers 400 BR_BAD_REQUEST, and nothing is written', async t => {
  const response = await platform.asAdmin({ method: 'POST', url: '/api/hello/greetings', payload: { text: 'nul \u0000 inside' } })
  t.match({ status: response.statusCode, body: response.json() }, { status: 400, body: { statusCode: 400, code: 'BR_BAD_REQUEST', message: /U\+0000/ } })
  t.same((await platform.asAdmin({ url: '/api/hello/greetings' })).json(), [])
})

t.test('an unexpected failure answers 500 BR_INTERNAL with the generic message and nothing of the failure', async t => {
  const response = await platform.app.inject({ url: '/api/faults/throws-internal' })
  t.equal(response.statusCode, 500)
  t.same(response.json(), { statusCode: 500, code: 'BR_INTERNAL', error: 'Internal Server Error', message: 'Internal server error' })
  t.notMatch(response.body, INTERNAL_FAILURE)
  t.notMatch(response.body, /\bat \S+ \(|\.ts:\d+/, 'no stack trace')
})
