import t from 'tap'
import { startPlatform } from '../helpers/platform.ts'

// Node's own default (300 s) would cut a long upload such as a large catalog import.
t.test('a request may take an hour to arrive by default, and BACKROOM_REQUEST_TIMEOUT changes it', async t => {
  const byDefault = await startPlatform(t)
  t.equal(byDefault.platform.switch.server.requestTimeout, 3_600_000)
  const unlimited = await startPlatform(t, { env: { BACKROOM_REQUEST_TIMEOUT: '0' } })
  t.equal(unlimited.platform.switch.server.requestTimeout, 0)
})
