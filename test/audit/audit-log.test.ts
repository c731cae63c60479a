import t from 'tap'
import { ADMIN_EMAIL, ADMIN_PASSWORD, startPlatform } from '../helpers/platform.ts'
import { createStaff, login } from '../people/helpers.ts'

interface Entry { id: number, at: string, actorType: string, actorId: number, actorLabel: string, module: string, action: string, target: string | null, status: number }

t.test('the audit log', async t => {
  const platform = await startPlatform(t, { modules: ['hello'], install: ['hello'] })
  const { asAdmin } = platform
  const audit = async (query = ''): Promise<{ items: Entry[], nextCursor: number | null }> => (await asAdmin({ url: `/api/audit?limit=200&${query}` })).json()

  // A small history: an admin changing an employee, an employee writing to a module and being refused, an API key writing.
  const writer = await createStaff(platform, { permissions: ['hello.greetings.write'] })
  const created = (await asAdmin({ method: 'POST', url: '/api/employees', payload: { email: 'audited@shop.test', firstName: 'Au', lastName: 'Dit', password: 'long enough password', profileId: writer.profileId } })).json()
  await asAdmin({ method: 'PATCH', url: `/api/employees/${created.id}`, payload: { firstName: 'Audrey' } })
  await writer.inject({ method: 'POST', url: '/api/hello/greetings', payload: { text: 'hi' } })
  await writer.inject({ method: 'POST', url: '/api/profiles', payload: { name: 'Mine', permissions: [] } })
  const apiKey = (await asAdmin({ method: 'POST', url: '/api/api-keys', payload: { name: 'robot', permissions: ['hello.greetings.write'] } })).json()
  await platform.app.inject({ method: 'POST', url: '/api/hello/greetings', payload: { text: 'beep' }, headers: { 'x-api-key': apiKey.key } })

  t.test('records each mutating request: who, module, action, target and status', async t => {
    const { items } = await audit()
    t.match(items.find(entry => entry.action === 'PATCH /api/employees/:id'), {
      actorType: 'employee', actorId: platform.adminId, actorLabel: ADMIN_EMAIL, module: 'core', target: String(created.id), status: 200
    })
    t.match(items.find(entry => entry.module === 'hello' && entry.actorType === 'employee'), {
      actorId: writer.id, actorLabel: writer.email, action: 'POST /api/hello/greetings', target: null, status: 201
    })
    t.match(items.find(entry => entry.actorType === 'api_key'), { actorId: apiKey.id, actorLabel: 'api key robot', module: 'hello', status: 201 })
    t.match(items.find(entry => entry.actorId === writer.id && entry.module === 'core'), { action: 'POST /api/profiles', status: 403 }, 'refusals too')
  })

  t.test('reads and anonymous requests are not recorded', async t => {
    const before = (await audit()).items.length
    await asAdmin({ url: '/api/employees' })
    await login(platform, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
    await platform.app.inject({ method: 'POST', url: '/api/hello/greetings', payload: { text: 'anonymous' } })
    t.equal((await audit()).items.length, before)
  })

  t.test('filters on module, actor, action and status', async t => {
    const hello = (await audit('module=hello')).items
    t.equal(hello.length, 2)
    t.ok(hello.every(entry => entry.module === 'hello'))
    t.same((await audit('actorType=api_key')).items.map(entry => entry.actorId), [apiKey.id])
    const byWriter = (await audit(`actorType=employee&actorId=${writer.id}`)).items
    t.same(byWriter.map(entry => entry.action), ['POST /api/profiles', 'POST /api/hello/greetings'])
    t.same((await audit(`action=${encodeURIComponent('PATCH /api/employees/:id')}`)).items.map(entry => entry.target), [String(created.id)])
    t.same((await audit('status=403')).items.map(entry => entry.actorId), [writer.id])
  })

  t.test('filters on time: from is inclusive, to exclusive', async t => {
    const all = (await audit()).items
    const patch = all.find(entry => entry.action === 'PATCH /api/employees/:id')!
    const from = (await audit(`from=${encodeURIComponent(patch.at)}`)).items
    t.ok(from.some(entry => entry.id === patch.id))
    t.ok(from.every(entry => entry.at >= patch.at))
    const to = (await audit(`to=${encodeURIComponent(patch.at)}`)).items
    t.notOk(to.some(entry => entry.id === patch.id))
    t.ok(to.every(entry => entry.at < patch.at))
    t.equal(from.length + to.length, all.length)
  })

  t.test('pages newest first by cursor, every entry exactly once', async t => {
    const all = (await audit()).items.map(entry => entry.id)
    t.same(all, [...all].sort((a, b) => b - a), 'newest first')
    const seen: number[] = []
    let cursor: number | null = null
    let pages = 0
    do {
      const page: { items: Entry[], nextCursor: number | null } = (await asAdmin({ url: `/api/audit?limit=2${cursor === null ? '' : `&cursor=${cursor}`}` })).json()
      t.ok(page.items.length <= 2)
      seen.push(...page.items.map(entry => entry.id))
      cursor = page.nextCursor
      pages++
    } while (cursor !== null)
    t.same(seen, all)
    t.equal(pages, Math.ceil(all.length / 2))
  })

  t.test('a malformed filter is 400 BR_VALIDATION naming each field', async t => {
    const response = await asAdmin({ url: '/api/audit?actorType=robot&limit=0&from=yesterday&status=abc' })
    t.equal(response.statusCode, 400)
    t.equal(response.json().code, 'BR_VALIDATION')
    const paths = new Set(response.json().details.map((detail: { path: string }) => detail.path))
    for (const path of ['querystring/actorType', 'querystring/limit', 'querystring/from', 'querystring/status']) t.ok(paths.has(path), path)
  })

  t.test('reading needs core.audit.read: 401 without a token, 403 without the permission', async t => {
    t.equal((await platform.app.inject({ url: '/api/audit' })).statusCode, 401)
    const denied = await writer.inject({ url: '/api/audit' })
    t.equal(denied.statusCode, 403)
    t.equal(denied.json().code, 'BR_FORBIDDEN')
    t.equal((await (await createStaff(platform, { permissions: ['core.audit.read'] })).inject({ url: '/api/audit' })).statusCode, 200)
  })
})
