import t from 'tap'
import { STORED_SETTINGS_MAX_AGE_MS, StoredSettingsCache } from '../../core/modules/stored-settings-cache.ts'

/** A cache over a store whose reads are counted, on a clock the test moves. */
function countedCache (answers: Array<Record<string, unknown> | Error>) {
  const clock = { now: 0 }
  const reads: string[] = []
  const cache = new StoredSettingsCache(async module => {
    reads.push(module)
    const answer = answers.shift() ?? {}
    if (answer instanceof Error) throw answer
    return answer
  }, () => clock.now)
  return { cache, reads, clock }
}

t.test('settings are read once per module while they are fresh', async t => {
  const { cache, reads } = countedCache([{ limit: 1 }, { shop: 'x' }])
  t.same(await cache.get('orders'), { limit: 1 })
  t.same(await cache.get('orders'), { limit: 1 })
  t.same(await cache.get('catalog'), { shop: 'x' })
  t.same(reads, ['orders', 'catalog'])
})

t.test('callers that ask at once share one read', async t => {
  const { cache, reads } = countedCache([{ limit: 1 }])
  t.same(await Promise.all([cache.get('orders'), cache.get('orders')]), [{ limit: 1 }, { limit: 1 }])
  t.equal(reads.length, 1)
})

t.test('forgetAll makes the next use read again, also when a read was under way', async t => {
  const { cache, reads } = countedCache([{ limit: 1 }, { limit: 2 }, { limit: 3 }])
  await cache.get('orders')
  cache.forgetAll()
  t.same(await cache.get('orders'), { limit: 2 })
  const underWay = cache.get('orders')
  t.same(await underWay, { limit: 2 }, 'still fresh: no read')
  cache.forgetAll()
  const started = cache.get('orders')
  cache.forgetAll()
  t.same(await started, { limit: 3 })
  t.same(await cache.get('orders'), {}, 'the read under way when forgotten was not kept')
  t.equal(reads.length, 4)
})

t.test('settings older than the maximum age are read again, should a notification have been lost', async t => {
  const { cache, clock } = countedCache([{ limit: 1 }, { limit: 2 }])
  await cache.get('orders')
  clock.now = STORED_SETTINGS_MAX_AGE_MS - 1
  t.same(await cache.get('orders'), { limit: 1 })
  clock.now = STORED_SETTINGS_MAX_AGE_MS
  t.same(await cache.get('orders'), { limit: 2 })
})

t.test('a failed read is not kept: the next use tries again', async t => {
  const { cache, reads } = countedCache([new Error('connection lost'), { limit: 1 }])
  await t.rejects(cache.get('orders'), /connection lost/)
  t.same(await cache.get('orders'), { limit: 1 })
  t.equal(reads.length, 2)
})
