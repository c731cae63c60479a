import t from 'tap'
import { onPostgres } from '../helpers/database.ts'
import { until } from '../platform/live-http.ts'
import { restartableDatabase, startEventPlatform } from './event-platform.ts'

t.test('an event is delivered after commit to the subscriber of another module, with its id and payload', async t => {
  const events = await startEventPlatform(t)
  t.equal((await events.createThings(['first', 'second'])).statusCode, 201)

  t.ok(await until(async () => (await events.receivedLabels()).length >= 2, 5000), 'both events arrive')
  const received = (await events.asAdmin({ url: '/api/events_sink/received' })).json()
  const emitted = await events.database.knex.from('core.events').orderBy('id').select('id', 'module', 'name')
  t.same(emitted.map(event => [event.module, event.name]), [['events_source', 'events_source.thing_created'], ['events_source', 'events_source.thing_created']])
  t.same(received, emitted.map((event, index) => ({ eventId: event.id, label: ['first', 'second'][index] })), 'each once, in order, under its event id')
})

t.test('events written together with emitMany are delivered each once, in the order given', async t => {
  const events = await startEventPlatform(t)
  const labels = ['one', 'two', 'three']
  t.equal((await events.createThings(labels, { together: true })).statusCode, 201)
  t.ok(await until(async () => (await events.receivedLabels()).length >= 3, 5000), 'all three arrive')
  t.same(await events.receivedLabels(), labels)
  t.equal(await events.database.knex.from('core.events').count({ count: '*' }).then(([row]) => Number(row.count)), 3, 'three events in the outbox')
})

t.test('an event emitted in a transaction that rolls back is never delivered', async t => {
  const events = await startEventPlatform(t)
  const refused = await events.createThings(['rolled-back-1', 'rolled-back-2'], { reject: true })
  t.equal(refused.statusCode, 422)
  t.equal(refused.code, 'BR_EVENTS_SOURCE_REJECTED')
  t.equal((await events.createThings(['committed'])).statusCode, 201)

  // Subscribers receive events in id order: once the later event is in, an earlier one would be too.
  t.ok(await until(async () => (await events.receivedLabels()).includes('committed'), 5000), 'the committed event arrives')
  t.same(await events.receivedLabels(), ['committed'])
  const outbox = await events.database.knex.from('core.events').select(events.database.knex.raw("payload->>'label' as label"))
  t.same(outbox.map(event => event.label), ['committed'], 'the outbox kept only the committed event')
})

t.test('a module receives every event from its install on and none from before, also when installed again', async t => {
  const events = await startEventPlatform(t, { install: ['events_source'] })
  const install = async () => (await events.asAdmin({ method: 'POST', url: '/api/modules/events_sink/install' })).json().state
  t.equal((await events.createThings(['before-install'])).statusCode, 201)
  t.equal(await install(), 'enabled')
  t.equal((await events.createThings(['after-install'])).statusCode, 201)
  t.ok(await until(async () => (await events.receivedLabels()).includes('after-install'), 5000), 'the later event arrives')
  t.same(await events.receivedLabels(), ['after-install'])

  const uninstalled = await events.asAdmin({ method: 'POST', url: '/api/modules/events_sink/uninstall', payload: { confirm: 'events_sink' } })
  t.equal(uninstalled.statusCode, 200)
  t.equal((await events.createThings(['while-uninstalled'])).statusCode, 201)
  t.equal(await install(), 'enabled')
  t.equal((await events.createThings(['after-reinstall'])).statusCode, 201)
  t.ok(await until(async () => (await events.receivedLabels()).includes('after-reinstall'), 5000), 'the event after the reinstall arrives')
  t.same(await events.receivedLabels(), ['after-reinstall'], 'nothing from before the reinstall')
})

// Only PostgreSQL is shared by several processes; two platforms with their own pools stand in for them.
if (onPostgres()) {
  t.test('two processes delivering from one database hand each event to the subscriber exactly once', async t => {
    const database = await restartableDatabase(t)
    const first = await startEventPlatform(t, { database: await database.open() })
    const second = await startEventPlatform(t, { database: await database.open(), install: [] })
    const labels = (prefix: string) => Array.from({ length: 10 }, (_, index) => `${prefix}-${index}`)
    const requests = ['a', 'b', 'c', 'd', 'e'].flatMap(round => [first.createThings(labels(`${round}1`)), second.createThings(labels(`${round}2`))])
    t.same((await Promise.all(requests)).map(created => created.statusCode), Array(10).fill(201))

    t.ok(await until(async () => (await first.receivedLabels()).length >= 100, 10_000), 'all delivered')
    const received = await first.receivedLabels()
    t.equal(received.length, 100, 'none twice')
    t.equal(new Set(received).size, 100)
  })
}
