import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { customersUrl, startCustomers } from './helpers.ts'

const customers = await startCustomers(t)
const { asAdmin } = customers
const knex = customers.shop.database.knex

const wholesale = (await asAdmin({ method: 'POST', url: '/api/customers/groups', payload: { name: 'Wholesale' } })).json().id as number

// [email, first name, last name, company, newsletter, in the wholesale group, active]
const rows: Array<[string, string, string, string | null, boolean, boolean, boolean]> = [
  ['alice.martin@mail.test', 'Alice', 'Martin', null, true, false, true],
  ['bob@garden.test', 'Bob', 'Durand', 'Garden Supplies', false, true, true],
  ['chloe@mail.test', 'Chloé', 'Martinez', null, true, true, false],
  ['david.roux@mail.test', 'David', 'Roux', 'Roux & Fils', false, false, true],
  ['emma@shop.test', 'Emma', 'Bernard', null, false, false, true],
  ['francois@mail.test', 'François', 'Martin', 'Garden Tools', true, true, true]
]
const ids = new Map<string, number>()
for (const [email, firstName, lastName, company, newsletter, inGroup, active] of rows) {
  const created = await customers.createCustomer({ email, firstName, lastName, company, newsletter, groupIds: inGroup ? [wholesale] : [] })
  if (!active) await asAdmin({ method: 'POST', url: `${customersUrl}/${created.id as number}/deactivate` })
  ids.set(email, created.id)
  await sleep(5)
}
const createdAt = async (email: string): Promise<string> => (await asAdmin({ url: `${customersUrl}/${ids.get(email)!}` })).json().createdAt

interface Page { items: Array<{ email: string }>, total: number, nextCursor: string | null }
const list = async (query: string): Promise<Page> => {
  const response = await asAdmin({ url: `${customersUrl}?${query}` })
  if (response.statusCode !== 200) throw new Error(response.body)
  return response.json()
}
const emails = async (query: string): Promise<string[]> => (await list(query)).items.map(item => item.email)
const all = rows.map(([email]) => email)

t.test('newest first by default, with the summary of each customer', async t => {
  t.same(await emails(''), [...all].reverse())
  t.match((await list('limit=1')).items[0], { id: ids.get('francois@mail.test'), email: 'francois@mail.test', firstName: 'François', lastName: 'Martin', company: 'Garden Tools', language: 'en', active: true, newsletter: true, groupIds: [wholesale], createdAt: String })
})

t.test('sorts by name (last, then first) and by email, both ways', async t => {
  t.same(await emails('sort=name'), ['emma@shop.test', 'bob@garden.test', 'alice.martin@mail.test', 'francois@mail.test', 'chloe@mail.test', 'david.roux@mail.test'])
  t.same(await emails('sort=name&order=desc'), ['david.roux@mail.test', 'chloe@mail.test', 'francois@mail.test', 'alice.martin@mail.test', 'bob@garden.test', 'emma@shop.test'])
  t.same(await emails('sort=email'), [...all].sort())
  t.same(await emails('sort=email&order=desc'), [...all].sort().reverse())
  t.same(await emails('sort=date&order=asc'), all)
})

t.test('filters on group, active, newsletter and creation time combine', async t => {
  t.same(await emails(`groupId=${wholesale}&sort=email`), ['bob@garden.test', 'chloe@mail.test', 'francois@mail.test'])
  t.same(await emails('active=false'), ['chloe@mail.test'])
  t.same(await emails('newsletter=true&sort=email'), ['alice.martin@mail.test', 'chloe@mail.test', 'francois@mail.test'])
  t.same(await emails(`newsletter=true&active=true&groupId=${wholesale}`), ['francois@mail.test'])
  const from = await createdAt('chloe@mail.test')
  const to = await createdAt('emma@shop.test')
  t.same(await emails(`createdFrom=${encodeURIComponent(from)}&createdTo=${encodeURIComponent(to)}&sort=date&order=asc`), ['chloe@mail.test', 'david.roux@mail.test'], 'from inclusive, to exclusive')
  t.equal((await list(`groupId=999999`)).total, 0, 'an unknown group has no members')
})

t.test('text search matches word prefixes of names and company, and email prefixes', async t => {
  t.same(await emails('q=mart&sort=email'), ['alice.martin@mail.test', 'chloe@mail.test', 'francois@mail.test'], 'a partial last name')
  t.same(await emails('q=MARTIN%20fran'), ['francois@mail.test'], 'every word must match, in any case')
  t.same(await emails('q=chlo'), ['chloe@mail.test'], 'accented names match their typed prefix')
  t.same(await emails('q=garden&sort=email'), ['bob@garden.test', 'francois@mail.test'], 'a word of the company name')
  t.same(await emails('q=david.r'), ['david.roux@mail.test'], 'an email prefix')
  t.same(await emails('q=emma@shop'), ['emma@shop.test'])
  t.same(await emails('q=%25'), [], 'LIKE wildcards are taken literally')
  t.same(await emails('q=mart&active=true&sort=email'), ['alice.martin@mail.test', 'francois@mail.test'], 'combined with the other filters')
})

t.test('pages follow a keyset cursor to the end, each row once, with the total on every page', async t => {
  for (const sort of ['date', 'name', 'email']) {
    for (const order of ['asc', 'desc']) {
      const whole = await emails(`sort=${sort}&order=${order}`)
      const paged: string[] = []
      let cursor: string | null = null
      do {
        const page: Page = await list(`sort=${sort}&order=${order}&limit=4${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`)
        t.equal(page.total, 6)
        t.ok(page.items.length <= 4)
        paged.push(...page.items.map(item => item.email))
        cursor = page.nextCursor
      } while (cursor !== null)
      t.same(paged, whole, `${sort} ${order}`)
    }
  }
  const filtered = await list(`groupId=${wholesale}&limit=2`)
  t.equal(filtered.total, 3, 'the total counts the filtered set')
  t.equal((await list(`groupId=${wholesale}&limit=2&cursor=${filtered.nextCursor!}`)).items.length, 1)
})

t.test('customers sharing a name are paged by id, none lost or repeated', async t => {
  for (let index = 0; index < 3; index++) await customers.createCustomer({ firstName: 'Same', lastName: 'Zzname' })
  const first = await list('q=zzname&sort=name&limit=2')
  const second = await list(`q=zzname&sort=name&limit=2&cursor=${first.nextCursor!}`)
  const found = [...first.items, ...second.items].map(item => item.email)
  t.equal(new Set(found).size, 3)
  t.equal(second.nextCursor, null)
})

t.test('bad list queries are refused with 400 in the error shape', async t => {
  const cases: Array<[string, string]> = [
    ['sort=city', 'BR_VALIDATION'],
    ['order=up', 'BR_VALIDATION'],
    ['limit=0', 'BR_VALIDATION'],
    ['limit=101', 'BR_VALIDATION'],
    ['active=maybe', 'BR_VALIDATION'],
    ['groupId=abc', 'BR_VALIDATION'],
    ['createdFrom=yesterday', 'BR_VALIDATION'],
    ['q=' + 'x'.repeat(101), 'BR_VALIDATION'],
    ['unknown=1', 'BR_VALIDATION'],
    ['cursor=not-a-cursor', 'BR_CUSTOMERS_INVALID_CURSOR'],
    [`cursor=${Buffer.from('[1,2]').toString('base64url')}`, 'BR_CUSTOMERS_INVALID_CURSOR'],
    [`cursor=${Buffer.from('["date","desc","1",1]').toString('base64url')}`, 'BR_CUSTOMERS_INVALID_CURSOR']
  ]
  for (const [query, code] of cases) {
    const response = await asAdmin({ url: `${customersUrl}?${query}` })
    t.equal(response.statusCode, 400, query)
    t.match(response.json(), { statusCode: 400, code, message: String }, query)
  }
  const cursor = (await list('sort=email&limit=1')).nextCursor!
  t.equal((await asAdmin({ url: `${customersUrl}?sort=name&limit=1&cursor=${cursor}` })).json().code, 'BR_CUSTOMERS_INVALID_CURSOR', 'a cursor only continues the sort it came from')
  t.equal((await asAdmin({ url: `${customersUrl}?sort=email&order=desc&limit=1&cursor=${cursor}` })).json().code, 'BR_CUSTOMERS_INVALID_CURSOR', 'and its order')
})

t.test('every filter and sort column is indexed', async t => {
  const indexes: string[] = (await knex.raw("select indexdef from pg_indexes where schemaname = 'customers'")).rows.map((row: { indexdef: string }) => row.indexdef)
  for (const expected of [
    /UNIQUE INDEX customers_email_lower .*\(lower\(email\)\)/, /customers_email_prefix .*lower\(email\) text_pattern_ops/,
    /customers .*\(created_at, id\)/, /customers .*\(active, created_at, id\)/, /customers .*\(newsletter, created_at, id\)/,
    /customers_sort_name .*\(sort_name, id\)/, /customers_search .*gin \(search_vector\)/, /group_members .*\(group_id, customer_id\)/
  ]) t.ok(indexes.some(index => expected.test(index)), String(expected))
})
