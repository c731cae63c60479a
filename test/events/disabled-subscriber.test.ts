import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { until } from '../platform/live-http.ts'
import { POLL_INTERVAL_MS, deliveredLabels, startEventPlatform } from './event-platform.ts'

// Disabling pauses a module, it does not unsubscribe it (uninstall does): its data is kept, so
// it catches up on what happened meanwhile, as a process does after downtime.
t.test('a disabled module receives nothing while disabled, and the events emitted meanwhile once enabled again', async t => {
  const events = await startEventPlatform(t)
  t.equal((await events.createThings(['while-enabled'])).statusCode, 201)
  t.ok(await until(async () => (await events.receivedLabels()).includes('while-enabled'), 5000), 'delivered while enabled')

  t.equal((await events.asAdmin({ method: 'POST', url: '/api/modules/events_sink/disable' })).json().state, 'disabled')
  t.equal((await events.createThings(['while-disabled-1', 'while-disabled-2'])).statusCode, 201)
  await sleep(10 * POLL_INTERVAL_MS)
  t.same(await deliveredLabels(events.database.knex), ['while-enabled'], 'nothing delivered during ten polls')
  t.same(await events.database.knex.withSchema('events_sink').from('received').pluck('label'), ['while-enabled'], 'the handler did not run')

  t.equal((await events.asAdmin({ method: 'POST', url: '/api/modules/events_sink/enable' })).json().state, 'enabled')
  t.ok(await until(async () => (await events.receivedLabels()).length >= 3, 5000), 'the missed events arrive')
  t.same(await events.receivedLabels(), ['while-enabled', 'while-disabled-1', 'while-disabled-2'])
})
