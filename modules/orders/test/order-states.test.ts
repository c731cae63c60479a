import t from 'tap'
import { expectStatus, startOrders } from './helpers.ts'

const shop = await startOrders(t)
const { asAdmin } = shop
const customer = await shop.customer()
const move = async (caller: typeof asAdmin, orderId: number, key: string) => await caller({ method: 'POST', url: `/api/orders/orders/${orderId}/state`, payload: { stateId: await shop.stateId(key) } })

t.test('install seeds PrestaShop\'s default states with their flags and names in English and French', async t => {
  const states = (await asAdmin({ url: '/api/orders/states' })).json().items
  t.same(states.map((state: { key: string }) => state.key), [
    'awaiting_check_payment', 'payment_accepted', 'processing', 'shipped', 'delivered', 'canceled', 'refunded', 'payment_error',
    'awaiting_bank_wire_payment', 'remote_payment_accepted', 'backorder_paid', 'backorder_unpaid', 'awaiting_cod_validation', 'awaiting_remote_payment'
  ])
  t.match(states.find((state: { key: string }) => state.key === 'shipped'), { paid: true, shipped: true, delivered: false, invoice: true, sendEmail: true, logable: true, builtIn: true, names: { en: 'Shipped', fr: 'Expédié' } })
  t.match(states.find((state: { key: string }) => state.key === 'refunded'), { requiredPermission: 'orders.refund' })
  t.match(states.find((state: { key: string }) => state.key === 'awaiting_check_payment'), { paid: false, sendEmail: true, requiredPermission: null })
})

t.test('an order goes through its states, each change in the history with who made it', async t => {
  const order = await shop.manualOrder(customer)
  const logistician = await shop.employee('Logistician')
  t.equal((await move(asAdmin, order.id, 'payment_accepted')).json().totals.paid, order.totals.total, 'a paid state records the payment')
  t.equal((await move(logistician, order.id, 'processing')).statusCode, 200)
  await asAdmin({ method: 'PUT', url: `/api/orders/orders/${order.id as number}/tracking`, payload: { trackingNumber: '6A123456789' } })
  t.equal((await move(logistician, order.id, 'shipped')).statusCode, 200)
  const delivered = (await move(logistician, order.id, 'delivered')).json()
  t.match(delivered, { state: { key: 'delivered' }, trackingNumber: '6A123456789', deliveredAt: String })
  const history = (await asAdmin({ url: `/api/orders/orders/${order.id as number}/history` })).json().items
  t.match(history, [
    { fromState: null, toState: { key: 'awaiting_bank_wire_payment' }, actor: { type: 'employee', id: shop.adminId } },
    { fromState: { key: 'awaiting_bank_wire_payment' }, toState: { key: 'payment_accepted' }, actor: { type: 'employee', id: shop.adminId } },
    { toState: { key: 'processing' }, actor: { type: 'employee', label: /@shop\.test$/ } },
    { toState: { key: 'shipped' } },
    { fromState: { key: 'shipped' }, toState: { key: 'delivered' }, createdAt: String }
  ])
  t.not(history[2].actor.id, shop.adminId)
  t.match((await shop.events('orders.shipped')).filter(event => event.id === order.id), [{ reference: order.reference, trackingNumber: '6A123456789' }])
  t.same((await shop.events('orders.state_changed')).filter(event => event.id === order.id).map(event => event.toStateId), await Promise.all(['payment_accepted', 'processing', 'shipped', 'delivered'].map(shop.stateId)))
})

t.test('the transition table refuses impossible moves with a 409 naming the states', async t => {
  const delivered = await shop.manualOrder(customer, { stateId: await shop.stateId('payment_accepted') })
  await shop.moveTo(delivered.id, 'shipped')
  await shop.moveTo(delivered.id, 'delivered')
  const back = await move(asAdmin, delivered.id, 'awaiting_check_payment')
  t.equal(back.statusCode, 409)
  t.match(back.json(), { code: 'BR_ORDERS_TRANSITION_REFUSED', message: 'An order cannot move from "Delivered" to "Awaiting check payment"', details: { allowedStateIds: [await shop.stateId('refunded')] } })
  const canceled = await shop.manualOrder(customer)
  await shop.moveTo(canceled.id, 'canceled')
  t.equal((await move(asAdmin, canceled.id, 'shipped')).json().code, 'BR_ORDERS_TRANSITION_REFUSED')
  t.equal((await move(asAdmin, canceled.id, 'canceled')).json().code, 'BR_ORDERS_TRANSITION_REFUSED', 'not into the state it is in')
  t.equal((await asAdmin({ url: `/api/orders/orders/${canceled.id as number}/history` })).json().items.length, 2, 'refusals leave no history')
})

t.test('canceling gives the stock back, once', async t => {
  const product = await shop.product('CANCEL-ME', { quantity: 4 })
  const order = await shop.manualOrder(customer, { lines: [{ productId: product.id, quantity: 3 }] })
  t.equal(await shop.stockOf(product.id), 1)
  await shop.moveTo(order.id, 'canceled')
  t.equal(await shop.stockOf(product.id), 4)
  const ledger = (await asAdmin({ url: `/api/catalog/products/${product.id as number}/stock/movements` })).json().items
  t.match(ledger[0], { delta: 3, reason: 'cancel', reference: `order ${order.reference as string}` })
})

t.test('a Logistician ships and delivers but cannot refund, cancel or record payments', async t => {
  const logistician = await shop.employee('Logistician')
  const unpaid = await shop.manualOrder(customer)
  const paying = await move(logistician, unpaid.id, 'payment_accepted')
  t.equal(paying.statusCode, 403)
  t.match(paying.json(), { code: 'BR_ORDERS_STATE_PERMISSION', message: /orders\.write/ })
  t.equal((await move(logistician, unpaid.id, 'canceled')).json().code, 'BR_ORDERS_STATE_PERMISSION')
  const paid = await shop.manualOrder(customer, { stateId: await shop.stateId('payment_accepted') })
  t.equal((await move(logistician, paid.id, 'shipped')).statusCode, 200)
  const refunding = await move(logistician, paid.id, 'refunded')
  t.equal(refunding.statusCode, 403)
  t.match(refunding.json().message, /orders\.refund/)
  t.equal((await move(logistician, paid.id, 'delivered')).statusCode, 200)
  const salesman = await shop.employee('Salesman')
  t.equal((await move(salesman, paid.id, 'refunded')).statusCode, 403, 'a Salesman does not refund either')
  t.equal((await move(asAdmin, paid.id, 'refunded')).statusCode, 200)
  const reader = await shop.holding(['orders.read'])
  t.equal((await move(reader, unpaid.id, 'processing')).statusCode, 403, 'orders.state is needed for any move')
})

t.test('staff create, edit and delete states; default states cannot be deleted', async t => {
  const processing = await shop.stateId('processing')
  const shipped = await shop.stateId('shipped')
  const created = await asAdmin({ method: 'POST', url: '/api/orders/states', payload: { color: '#123456', shipped: false, names: { en: 'Quality check', fr: 'Contrôle qualité' }, previous: [processing], next: [shipped] } })
  t.equal(created.statusCode, 201)
  const state = created.json()
  t.match(state, { key: null, builtIn: false, color: '#123456', paid: false, names: { en: 'Quality check', fr: 'Contrôle qualité' }, next: [shipped] })
  t.ok((await asAdmin({ url: `/api/orders/states/${processing}` })).json().next.includes(state.id), 'the previous states lead to it')
  const order = await shop.manualOrder(customer, { stateId: await shop.stateId('payment_accepted') })
  await shop.moveTo(order.id, 'processing')
  t.equal((await asAdmin({ method: 'POST', url: `/api/orders/orders/${order.id as number}/state`, payload: { stateId: state.id } })).json().state.name, 'Quality check')
  const renamed = await asAdmin({ method: 'PATCH', url: `/api/orders/states/${state.id as number}`, payload: { names: { fr: 'Contrôle' }, paid: true } })
  t.match(renamed.json(), { names: { en: 'Quality check', fr: 'Contrôle' }, paid: true })
  t.equal((await asAdmin({ method: 'DELETE', url: `/api/orders/states/${state.id as number}` })).json().code, 'BR_ORDERS_STATE_IN_USE')
  const unused = (await asAdmin({ method: 'POST', url: '/api/orders/states', payload: { color: '#000000', names: { en: 'Unused' } } })).json()
  t.equal((await asAdmin({ method: 'DELETE', url: `/api/orders/states/${unused.id as number}` })).statusCode, 204)
  t.equal((await asAdmin({ url: `/api/orders/states/${unused.id as number}` })).statusCode, 404)
  const protectedState = await asAdmin({ method: 'DELETE', url: `/api/orders/states/${shipped}` })
  t.equal(protectedState.statusCode, 409)
  t.equal(protectedState.json().code, 'BR_ORDERS_DEFAULT_STATE_PROTECTED')
  t.equal((await (await shop.employee('Logistician'))({ method: 'POST', url: '/api/orders/states', payload: { color: '#000000', names: { en: 'X' } } })).statusCode, 403)
})

t.test('an admin\'s edit of the states is seen by the next read and move, in this process and in another sharing the database', async t => {
  const other = await shop.anotherProcess()
  const processes = { 'in this process': asAdmin, 'in the other process': other.asAdmin }
  const awaiting = await shop.stateId('awaiting_bank_wire_payment')
  const counted = (await expectStatus(asAdmin({ method: 'POST', url: '/api/orders/states', payload: { color: '#2E8B57', names: { en: 'Cash counted' }, previous: [awaiting] } }), 201)).json()
  const order = await shop.manualOrder(customer)
  const read = async (caller: typeof asAdmin): Promise<any> => (await expectStatus(caller({ url: `/api/orders/orders/${order.id as number}` }), 200)).json().state
  const listed = async (caller: typeof asAdmin): Promise<any> => (await expectStatus(caller({ url: `/api/orders/orders?stateId=${awaiting}&limit=1` }), 200)).json().items[0]
  for (const [where, caller] of Object.entries(processes)) t.match(await read(caller), { key: 'awaiting_bank_wire_payment', name: 'Awaiting bank wire payment' }, `read ${where} before the edit`)

  await expectStatus(asAdmin({ method: 'PATCH', url: `/api/orders/states/${awaiting}`, payload: { names: { en: 'Awaiting the wire' } } }), 200)
  for (const [where, caller] of Object.entries(processes)) {
    t.equal((await read(caller)).name, 'Awaiting the wire', `the order read ${where}`)
    t.match(await listed(caller), { id: order.id, state: { name: 'Awaiting the wire' } }, `the order list ${where}`)
  }

  await expectStatus(other.asAdmin({ method: 'PATCH', url: `/api/orders/states/${counted.id as number}`, payload: { previous: [] } }), 200)
  const refused = await asAdmin({ method: 'POST', url: `/api/orders/orders/${order.id as number}/state`, payload: { stateId: counted.id } })
  t.equal(refused.statusCode, 409, 'a transition the other process removed is refused here')
  t.equal(refused.json().code, 'BR_ORDERS_TRANSITION_REFUSED')

  await expectStatus(asAdmin({ method: 'PATCH', url: `/api/orders/states/${counted.id as number}`, payload: { previous: [awaiting], paid: true } }), 200)
  const moved = await expectStatus(other.asAdmin({ method: 'POST', url: `/api/orders/orders/${order.id as number}/state`, payload: { stateId: counted.id } }), 200)
  t.match(moved.json(), { state: { id: counted.id, name: 'Cash counted' }, totals: { paid: order.totals.total } }, 'the other process moves along the transition and with the flag added here')

  // As a later migration of the module would write it, past the service.
  await shop.database.knex('orders.state_translations').where({ state_id: counted.id, language: 'en' }).update({ name: 'Cash in the till' })
  for (const [where, caller] of Object.entries(processes)) t.equal((await read(caller)).name, 'Cash in the till', `a name written straight into the table, read ${where}`)
  await expectStatus(asAdmin({ method: 'PATCH', url: `/api/orders/states/${awaiting}`, payload: { names: { en: 'Awaiting bank wire payment' } } }), 200)
})

t.test('lists name states in localization\'s default language of the moment, in every process', async t => {
  const other = await shop.anotherProcess()
  const order = await shop.manualOrder(customer)
  const read = async (caller: typeof asAdmin): Promise<string> => (await expectStatus(caller({ url: `/api/orders/orders/${order.id as number}` }), 200)).json().state.name
  t.equal(await read(other.asAdmin), 'Awaiting bank wire payment')
  t.equal(await read(asAdmin), 'Awaiting bank wire payment')
  await expectStatus(asAdmin({ method: 'POST', url: '/api/localization/languages/fr/make-default' }), 200)
  t.teardown(async () => { await expectStatus(asAdmin({ method: 'POST', url: '/api/localization/languages/en/make-default' }), 200) })
  t.equal(await read(other.asAdmin), 'En attente de virement bancaire', 'in the other process')
  t.equal(await read(asAdmin), 'En attente de virement bancaire', 'in this process')
  t.equal((await expectStatus(asAdmin({ url: `/api/orders/orders/${order.id as number}/history` }), 200)).json().items[0].toState.name, 'En attente de virement bancaire', 'in the history')
})

t.test('bad input on the state routes is a 4xx in the error shape', async t => {
  const order = await shop.manualOrder(customer)
  const cases: Array<[string, Parameters<typeof asAdmin>[0], number, string]> = [
    ['no name in the default language', { method: 'POST', url: '/api/orders/states', payload: { color: '#000000', names: { fr: 'Nom' } } }, 400, 'BR_ORDERS_DEFAULT_NAME_REQUIRED'],
    ['an unknown language', { method: 'POST', url: '/api/orders/states', payload: { color: '#000000', names: { en: 'A', de: 'B' } } }, 400, 'BR_ORDERS_UNKNOWN_LANGUAGE'],
    ['a bad language code', { method: 'POST', url: '/api/orders/states', payload: { color: '#000000', names: { EN: 'A' } } }, 400, 'BR_VALIDATION'],
    ['a bad colour', { method: 'POST', url: '/api/orders/states', payload: { color: 'red', names: { en: 'A' } } }, 400, 'BR_VALIDATION'],
    ['an unknown permission', { method: 'POST', url: '/api/orders/states', payload: { color: '#000000', names: { en: 'A' }, requiredPermission: 'orders.everything' } }, 400, 'BR_VALIDATION'],
    ['an unknown next state', { method: 'POST', url: '/api/orders/states', payload: { color: '#000000', names: { en: 'A' }, next: [999999] } }, 400, 'BR_ORDERS_UNKNOWN_STATE'],
    ['an empty change', { method: 'PATCH', url: '/api/orders/states/1', payload: {} }, 400, 'BR_VALIDATION'],
    ['a change of the key', { method: 'PATCH', url: '/api/orders/states/1', payload: { key: 'mine' } }, 400, 'BR_VALIDATION'],
    ['a change of no state', { method: 'PATCH', url: '/api/orders/states/999999', payload: { color: '#000000' } }, 404, 'BR_ORDERS_STATE_NOT_FOUND'],
    ['a bad id', { method: 'GET', url: '/api/orders/states/abc' }, 400, 'BR_VALIDATION'],
    ['a move to no state', { method: 'POST', url: `/api/orders/orders/${order.id as number}/state`, payload: { stateId: 999999 } }, 400, 'BR_ORDERS_UNKNOWN_STATE'],
    ['a move without a state', { method: 'POST', url: `/api/orders/orders/${order.id as number}/state`, payload: {} }, 400, 'BR_VALIDATION'],
    ['a move of no order', { method: 'POST', url: '/api/orders/orders/999999/state', payload: { stateId: 1 } }, 404, 'BR_ORDERS_NOT_FOUND'],
    ['a tracking number too long', { method: 'PUT', url: `/api/orders/orders/${order.id as number}/tracking`, payload: { trackingNumber: 'x'.repeat(201) } }, 400, 'BR_VALIDATION'],
    ['the history of no order', { method: 'GET', url: '/api/orders/orders/999999/history' }, 404, 'BR_ORDERS_NOT_FOUND']
  ]
  for (const [what, request, status, code] of cases) {
    const response = await asAdmin(request)
    t.equal(response.statusCode, status, what)
    t.match(response.json(), { statusCode: status, code, message: String }, what)
  }
  await expectStatus(asAdmin({ url: `/api/orders/orders/${order.id as number}` }), 200)
})
