import t from 'tap'
import { startPlatform } from '../helpers/platform.ts'
import { setSlowControl } from '../fixtures/modules/slow/control.ts'
import { outcomeOf, until } from './live-http.ts'

t.test('a request in flight during a swap finishes on the old instance, which closes once drained', async t => {
  const { url, platform } = await startPlatform(t, { modules: ['slow'], install: ['slow'], listen: true })
  const events: string[] = []
  let release!: () => void
  const arrived = new Promise<void>(resolve => {
    setSlowControl({ arrived: resolve, release: new Promise(resolve => { release = resolve }), closed: () => events.push('old instance closed') })
  })
  t.teardown(() => { setSlowControl(undefined) })

  const inFlight = fetch(`${url}/api/slow/wait`)
  await arrived
  await platform.services.modules.disable('slow')
  t.equal(await outcomeOf(`${url}/api/slow/wait`), '404 BR_MODULE_DISABLED', 'new requests reach the new instance')
  t.same(events, [], 'the old instance stays open while its request runs')

  release()
  const answered = await inFlight
  t.equal(answered.status, 200)
  t.same(await answered.json(), { waited: true }, 'answered by the slow route of the old instance')
  t.ok(await until(() => events.includes('old instance closed'), 5000), 'the old instance closes once drained')
  t.same(events, ['old instance closed'], 'closed once')
})
