import t from 'tap'
import { startPlatform } from '../helpers/platform.ts'
import { moduleAction, outcomeOf, until } from './live-http.ts'

const LOOPS = 6
const MAX_REQUESTS_PER_LOOP = 5000
const MAX_LOAD_MS = 60_000

/** Concurrent request loops against one URL, each bounded in count and time, counting outcomes. */
function startLoad (url: string, headers: Record<string, string>) {
  const outcomes = new Map<string, number>()
  let stopped = false
  const deadline = Date.now() + MAX_LOAD_MS
  const loop = async (): Promise<void> => {
    for (let sent = 0; !stopped && sent < MAX_REQUESTS_PER_LOOP && Date.now() < deadline; sent++) {
      const outcome = await outcomeOf(url, headers)
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
    }
  }
  const loops = Promise.all(Array.from({ length: LOOPS }, loop))
  return {
    count: (outcome: string) => outcomes.get(outcome) ?? 0,
    async stop (): Promise<Map<string, number>> {
      stopped = true
      await loops
      return outcomes
    }
  }
}

t.test('requests running while modules are disabled, enabled and installed get 200 or 404 BR_MODULE_DISABLED, nothing else', async t => {
  const { url, tokenFor, adminId } = await startPlatform(t, { modules: ['hello', 'slow'], install: ['hello'], listen: true })
  const token = tokenFor(adminId)
  const load = startLoad(`${url}/api/hello/greetings`, { authorization: `Bearer ${token}` })
  const served = () => load.count('200')
  const refused = () => load.count('404 BR_MODULE_DISABLED')
  t.ok(await until(() => served() > 0, 10_000), 'the load is running before the first swap')

  for (let round = 1; round <= 3; round++) {
    t.equal((await moduleAction(url, token, 'hello', 'disable')).state, 'disabled', `round ${round}: disabled`)
    const refusedBefore = refused()
    t.ok(await until(() => refused() >= refusedBefore + 5, 10_000), `round ${round}: requests see the module disabled`)
    t.equal((await moduleAction(url, token, 'hello', 'enable')).state, 'enabled', `round ${round}: enabled`)
    const servedBefore = served()
    t.ok(await until(() => served() >= servedBefore + 50, 10_000), `round ${round}: requests are served again`)
    if (round === 2) t.equal((await moduleAction(url, token, 'slow', 'install')).state, 'enabled', 'another module installed under load')
  }
  const outcomes = await load.stop()

  const unexpected = [...outcomes].filter(([outcome]) => outcome !== '200' && outcome !== '404 BR_MODULE_DISABLED')
  t.same(unexpected, [], 'no reset connection, no 5xx, no other answer')
  t.ok(refused() >= 15, `404 BR_MODULE_DISABLED seen while disabled (${refused()})`)
  t.ok(served() >= 150, `plenty of requests served (${served()})`)
})
