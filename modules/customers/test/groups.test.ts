import t from 'tap'
import { customersUrl, startCustomers } from './helpers.ts'

const customers = await startCustomers(t, ['order_book'])
const { asAdmin } = customers
const url = '/api/customers/groups'
const createGroup = async (payload: Record<string, unknown>) => await asAdmin({ method: 'POST', url, payload })

t.test('groups are created, listed by name, changed and deleted', async t => {
  const created = await createGroup({ name: 'Wholesalers', discountBasisPoints: 1250 })
  t.equal(created.statusCode, 201)
  t.match(created.json(), { id: Number, name: 'Wholesalers', discountBasisPoints: 1250, isDefault: false, memberCount: 0, createdAt: String })
  const id: number = created.json().id
  await createGroup({ name: 'artisans' })
  t.same((await asAdmin({ url })).json().items.map((group: { name: string }) => group.name), ['artisans', 'Wholesalers'])
  const changed = await asAdmin({ method: 'PATCH', url: `${url}/${id}`, payload: { name: 'Resellers', discountBasisPoints: 10000 } })
  t.match(changed.json(), { name: 'Resellers', discountBasisPoints: 10000 })
  t.match((await asAdmin({ url: `${url}/${id}` })).json(), { name: 'Resellers' })
  t.equal((await asAdmin({ method: 'DELETE', url: `${url}/${id}` })).statusCode, 204)
  t.equal((await asAdmin({ url: `${url}/${id}` })).json().code, 'BR_CUSTOMERS_GROUP_NOT_FOUND')
})

t.test('group names are unique in any letter case', async t => {
  await createGroup({ name: 'Retail' })
  const again = await createGroup({ name: 'RETAIL' })
  t.equal(again.statusCode, 409)
  t.equal(again.json().code, 'BR_CUSTOMERS_GROUP_NAME_TAKEN')
  const other = (await createGroup({ name: 'Schools' })).json()
  t.equal((await asAdmin({ method: 'PATCH', url: `${url}/${other.id as number}`, payload: { name: 'retail' } })).json().code, 'BR_CUSTOMERS_GROUP_NAME_TAKEN')
})

t.test('a discount is an integer number of basis points from 0 to 10000', async t => {
  for (const discountBasisPoints of [-1, 10001, 12.5, 'lots']) {
    const refused = await createGroup({ name: `Bad ${String(discountBasisPoints)}`, discountBasisPoints })
    t.equal(refused.statusCode, 400, String(discountBasisPoints))
    t.match(refused.json(), { code: 'BR_VALIDATION', details: [{ path: 'body/discountBasisPoints' }] }, String(discountBasisPoints))
  }
})

t.test('customers are assigned to groups, and their discount is the best of their groups', async t => {
  const small = (await createGroup({ name: 'Small B2B', discountBasisPoints: 500 })).json()
  const large = (await createGroup({ name: 'Large B2B', discountBasisPoints: 1500 })).json()
  const created = await customers.createCustomer({ groupIds: [small.id] })
  t.match(created, { groupIds: [small.id], discountBasisPoints: 500 })
  const both = await asAdmin({ method: 'PATCH', url: `${customersUrl}/${created.id as number}`, payload: { groupIds: [large.id, small.id] } })
  t.match(both.json(), { groupIds: [small.id, large.id], discountBasisPoints: 1500 })
  t.match((await asAdmin({ url: `/api/order_book/accounts/${created.id as number}` })).json(), { groupIds: [small.id, large.id], discountBasisPoints: 1500 }, 'as customers.accounts tells other modules')
  t.equal((await asAdmin({ url: `${url}/${large.id as number}` })).json().memberCount, 1)
  await asAdmin({ method: 'PATCH', url: `${url}/${large.id as number}`, payload: { discountBasisPoints: 100 } })
  t.equal((await asAdmin({ url: `${customersUrl}/${created.id as number}` })).json().discountBasisPoints, 500, 'a group\'s discount change applies to its members')
  t.match((await asAdmin({ method: 'PATCH', url: `${customersUrl}/${created.id as number}`, payload: { groupIds: [] } })).json(), { groupIds: [], discountBasisPoints: 0 })
})

t.test('an unknown group is refused, naming groupIds, and changes nothing', async t => {
  const group = (await createGroup({ name: 'Known' })).json()
  const created = await customers.createCustomer({ groupIds: [group.id] })
  const refused = await asAdmin({ method: 'PATCH', url: `${customersUrl}/${created.id as number}`, payload: { groupIds: [group.id, 999999], firstName: 'Changed' } })
  t.equal(refused.statusCode, 400)
  t.match(refused.json(), { code: 'BR_CUSTOMERS_UNKNOWN_GROUP', message: /999999/, details: { field: 'groupIds' } })
  t.match((await asAdmin({ url: `${customersUrl}/${created.id as number}` })).json(), { firstName: 'John', groupIds: [group.id] })
  t.equal((await asAdmin({ method: 'POST', url: customersUrl, payload: { email: 'nogroup@shop.test', firstName: 'A', lastName: 'B', groupIds: [999999] } })).json().code, 'BR_CUSTOMERS_UNKNOWN_GROUP')
})

t.test('a group with members is not deleted', async t => {
  const group = (await createGroup({ name: 'Members' })).json()
  const member = await customers.createCustomer({ groupIds: [group.id] })
  const refused = await asAdmin({ method: 'DELETE', url: `${url}/${group.id as number}` })
  t.equal(refused.statusCode, 409)
  t.match(refused.json(), { code: 'BR_CUSTOMERS_GROUP_NOT_EMPTY', message: /1 member/ })
  await asAdmin({ method: 'PATCH', url: `${customersUrl}/${member.id as number}`, payload: { groupIds: [] } })
  t.equal((await asAdmin({ method: 'DELETE', url: `${url}/${group.id as number}` })).statusCode, 204)
})

t.test('new customers join the default group, of which there is at most one', async t => {
  const first = (await createGroup({ name: 'Everyone', isDefault: true, discountBasisPoints: 200 })).json()
  t.equal(first.isDefault, true)
  t.match((await customers.register()).customer, { id: Number })
  const registered = (await asAdmin({ url: `${customersUrl}?limit=1` })).json().items[0]
  t.same(registered.groupIds, [first.id], 'a shop registration joins the default group')
  t.same((await customers.createCustomer()).groupIds, [first.id], 'so does a customer created by staff without groups')
  t.same((await customers.createCustomer({ groupIds: [] })).groupIds, [], 'unless staff names the groups')
  const second = (await createGroup({ name: 'Newcomers' })).json()
  t.equal((await asAdmin({ method: 'PATCH', url: `${url}/${second.id as number}`, payload: { isDefault: true } })).json().isDefault, true)
  t.equal((await asAdmin({ url: `${url}/${first.id as number}` })).json().isDefault, false, 'the previous default stops being one')
  t.same((await customers.createCustomer()).groupIds, [second.id])
  await asAdmin({ method: 'PATCH', url: `${url}/${second.id as number}`, payload: { isDefault: false } })
  t.same((await customers.createCustomer()).groupIds, [], 'without a default group, none')
})
