import t from 'tap'
import { startPlatform } from '../helpers/platform.ts'
import { builds } from '../fixtures/modules/ext_provider/builds.ts'

t.test('an extension made with defineExtension works with its provider context, and a plain one as it is', async t => {
  const shop = await startPlatform(t, { modules: ['ext_consumer', 'ext_provider'], install: ['ext_consumer', 'ext_provider'] })
  const greetings = async (): Promise<string[]> => (await shop.app.inject({ url: '/api/ext_consumer/greetings' })).json()
  t.same(await greetings(), ['plain from ext_consumer', 'hello from ext_provider'])

  t.equal((await shop.asAdmin({ method: 'PUT', url: '/api/modules/ext_provider/settings', payload: { word: 'bonjour' } })).statusCode, 200)
  t.same(await greetings(), ['plain from ext_consumer', 'bonjour from ext_provider'], "the provider's current settings")
  const buildsSoFar = builds.count
  t.ok(buildsSoFar > 0, 'built at first use')
  await greetings()
  t.equal(builds.count, buildsSoFar, 'built once, not at every use')

  t.equal((await shop.asAdmin({ method: 'POST', url: '/api/modules/ext_provider/disable' })).statusCode, 200)
  t.same(await greetings(), ['plain from ext_consumer'], 'a disabled provider offers nothing')
})
