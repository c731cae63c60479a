import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { createModuleTokens } from '../../core/security/module-tokens.ts'
import { startPlatform, TEST_SECRET } from '../helpers/platform.ts'

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

async function sessionsPlatform (t: Test) {
  const shop = await startPlatform(t, { modules: ['shop_sessions', 'hello'], install: ['shop_sessions', 'hello'] })
  const issue = async (seconds = 60): Promise<string> =>
    (await shop.app.inject({ method: 'POST', url: '/api/shop_sessions/sessions', payload: { shopperId: 7, seconds } })).json().token
  const whoami = async (token: string) => await shop.app.inject({ url: '/api/shop_sessions/whoami', headers: bearer(token) })
  return { shop, issue, whoami }
}

t.test('a module verifies the tokens it signed and reads their claims', async t => {
  const { issue, whoami } = await sessionsPlatform(t)
  const answer = await whoami(await issue())
  t.equal(answer.statusCode, 200)
  t.same(answer.json(), { shopper: '7' })
})

t.test("a module's token opens no staff route", async t => {
  const { shop, issue } = await sessionsPlatform(t)
  const token = await issue()
  for (const url of ['/api/me', '/api/modules', '/api/hello/greetings']) {
    const answer = await shop.app.inject({ url, headers: bearer(token) })
    t.equal(answer.statusCode, 401, url)
    t.equal(answer.json().code, 'BR_UNAUTHENTICATED', url)
  }
})

t.test("a module refuses staff access tokens, another module's tokens, forged and expired ones", async t => {
  const { shop, issue, whoami } = await sessionsPlatform(t)
  const valid = await issue()
  const refused = {
    'a staff access token': shop.tokenFor(shop.adminId),
    "another module's token": createModuleTokens(TEST_SECRET, 'hello').sign({ sub: '7' }, { expiresInSeconds: 60 }),
    'a token signed with another platform secret': createModuleTokens(`${TEST_SECRET}-other`, 'shop_sessions').sign({ sub: '7' }, { expiresInSeconds: 60 }),
    'a token whose claims were changed': valid.replace(/\.([^.]+)\./, (_whole, claims: string) =>
      `.${Buffer.from(Buffer.from(claims, 'base64url').toString().replace('"7"', '"8"')).toString('base64url')}.`),
    'not a token': 'garbage'
  }
  for (const [what, token] of Object.entries(refused)) t.equal((await whoami(token)).statusCode, 401, what)
  const shortLived = await issue(1)
  t.equal((await whoami(shortLived)).statusCode, 200, 'accepted while valid')
  await sleep(1100)
  t.equal((await whoami(shortLived)).statusCode, 401, 'refused once expired')
})
