import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { until } from '../platform/live-http.ts'
import { POLL_INTERVAL_MS, captureLogs, deliveredLabels, setReaction, startEventPlatform } from './event-platform.ts'

t.test('a handler that throws is retried with backoff until it succeeds, and its writes are not duplicated', async t => {
  const logs = captureLogs()
  const events = await startEventPlatform(t, { logger: logs.logger })
  const label = 'card-4111-1111-1111-1111'
  await setReaction(events.database.knex, label, 'throw')
  t.equal((await events.createThings([label])).statusCode, 201)

  const failures = () => logs.entries.filter(entry => entry.msg === 'event handler failed; the delivery will be retried')
  t.ok(await until(() => failures().length >= 3, 5000), 'retried after each failure')
  t.same(failures().map(entry => entry.attempts), failures().map((_entry, index) => index + 1), 'attempts counted')
  t.ok(failures().every((entry, index) => index === 0 || (entry.retryInMs as number) > (failures()[index - 1].retryInMs as number)), 'each retry waits longer')
  t.match(failures()[0], { module: 'events_sink', event: 'events_source.thing_created', err: { message: 'events_sink was told to refuse this event' } }, 'the log names the module and the event')
  t.same(await events.receivedLabels(), [], 'a failed attempt leaves no write behind')
  t.same(await deliveredLabels(events.database.knex), [], 'nor a delivery record')

  await setReaction(events.database.knex, label, null)
  t.ok(await until(async () => (await events.receivedLabels()).length > 0, 10_000), 'delivered once the handler succeeds')
  await sleep(5 * POLL_INTERVAL_MS)
  t.same(await events.receivedLabels(), [label], 'recorded exactly once, also polls later')
  t.same(await deliveredLabels(events.database.knex), [label])
  t.notOk(logs.lines.some(line => line.includes(label)), 'the payload never reaches the log')
})
