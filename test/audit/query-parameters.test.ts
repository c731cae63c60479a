import t, { type Test } from 'tap'
import { startPlatform } from '../helpers/platform.ts'

interface Entry { action: string, query: Record<string, unknown> | null, requestId: string | null }

t.test('the audit log records each request\'s query string parameters', async t => {
  const platform = await startPlatform(t, { modules: ['hello'], install: ['hello'] })
  const { asAdmin } = platform
  /** Writes a greeting with this query string and answers the audit entry it left. */
  const greet = async (t: Test, requestId: string, query = ''): Promise<Entry> => {
    const response = await asAdmin({ method: 'POST', url: `/api/hello/greetings${query}`, payload: { text: 'hi' }, headers: { 'x-request-id': requestId } })
    t.equal(response.statusCode, 201)
    const { items }: { items: Entry[] } = (await asAdmin({ url: '/api/audit?module=hello&limit=200' })).json()
    const entry = items.find(candidate => candidate.requestId === requestId)
    t.ok(entry, `${requestId} is in the log`)
    return entry!
  }

  t.test('a request without a query string records null', async t => {
    const entry = await greet(t, 'no-query')
    t.equal(entry.action, 'POST /api/hello/greetings')
    t.equal(entry.query, null)
  })

  t.test('the parameters are recorded as the route received them, repeated ones as a list', async t => {
    t.same((await greet(t, 'with-query', '?source=phone&tag=a&tag=b')).query, { source: 'phone', tag: ['a', 'b'] })
  })

  t.test('a secret parameter (named as the log redacts them) is recorded as [Redacted], never verbatim', async t => {
    const secrets = ['tok-3f9a1c', 'key-81d0e2', 'acc-77b4aa', 'pw-c0ffee']
    const entry = await greet(t, 'secrets', `?token=${secrets[0]}&api_key=${secrets[1]}&access_token=${secrets[2]}&newPassword=${secrets[3]}&keyword=shoes`)
    t.same(entry.query, { token: '[Redacted]', api_key: '[Redacted]', access_token: '[Redacted]', newPassword: '[Redacted]', keyword: 'shoes' })
    const [stored] = await platform.database.knex.withSchema('core').from('audit_log').where({ request_id: 'secrets' }).select(platform.database.knex.raw('query::text as query'))
    for (const secret of secrets) t.notOk(stored.query.includes(secret), `${secret} is not stored`)
  })

  t.test('a huge query string is kept to 2 KiB of JSON: long values cut to 200 characters, the parameters past the cap left out and counted', async t => {
    const many = Array.from({ length: 500 }, (_, index) => `p${index}=${'v'.repeat(20)}`).join('&')
    const { query } = await greet(t, 'huge', `?note=${'é'.repeat(5000)}&${many}`)
    t.equal(query!.note, 'é'.repeat(200) + '…')
    t.ok(Buffer.byteLength(JSON.stringify(query)) <= 2048, 'at most 2 KiB')
    const kept = Object.keys(query!).filter(name => name.startsWith('p'))
    t.same(kept, kept.map((_, index) => `p${index}`), 'the first parameters, in order')
    t.ok(kept.length > 10, 'as many as fit')
    t.equal(query!['…'], 500 - kept.length)
  })

  t.test('a NUL in the query does not keep the request out of the log (jsonb refuses it)', async t => {
    t.same((await greet(t, 'nul', '?q=a%00b')).query, { q: 'a\uFFFDb' })
  })

  t.test('nor does a NUL in a route parameter, recorded as the target', async t => {
    const response = await asAdmin({ method: 'POST', url: '/api/modules/a%00b/disable', headers: { 'x-request-id': 'nul-target' } })
    t.equal(response.statusCode, 400)
    const { items }: { items: Array<Entry & { target: string | null }> } = (await asAdmin({ url: '/api/audit?limit=200' })).json()
    t.match(items.find(candidate => candidate.requestId === 'nul-target'), { action: 'POST /api/modules/:name/:action', target: 'a\uFFFDb/disable' })
  })
})
