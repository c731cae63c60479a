import t from 'tap'
import { cliSetup, logIn, startServer } from '../cli/cli-process.ts'

// Each test starts the real server in a child process, some twice.
t.setTimeout(300_000)

const GENERATED = /First SuperAdmin created: admin@backroom\.local with password (\S+) \(shown once/

t.test('without BACKROOM_ADMIN_PASSWORD the first start prints a generated password once, and installs and enables the modules found', async t => {
  const setup = await cliSetup(t, { modules: ['hello'], env: { BACKROOM_AUTO_INSTALL: 'true' } })
  const first = await startServer(t, setup)
  const password = first.stdout.match(GENERATED)?.[1]
  t.ok(password, 'the password is printed')
  t.equal((await logIn(first.url, 'admin@backroom.local', password!)).status, 200, 'and it logs in')
  const salutation = await fetch(`${first.url}/api/hello/salutation`)
  t.equal(salutation.status, 200, 'the module found is installed and serving')
  t.same(await salutation.json(), { salutation: 'Hello' })
  t.same(await first.stop(), { code: 0, signal: null })

  const second = await startServer(t, setup)
  t.notMatch(second.stdout, /First SuperAdmin/, 'the second start creates no one')
  t.notOk(second.stdout.includes(password!), 'and never prints the password again')
  t.equal((await logIn(second.url, 'admin@backroom.local', password!)).status, 200)
  t.same(await second.stop(), { code: 0, signal: null })
})

t.test('with BACKROOM_ADMIN_EMAIL and BACKROOM_ADMIN_PASSWORD the first SuperAdmin has them and nothing is printed; BACKROOM_AUTO_INSTALL=false installs nothing', async t => {
  const setup = await cliSetup(t, {
    modules: ['hello'],
    env: { BACKROOM_ADMIN_EMAIL: 'owner@shop.test', BACKROOM_ADMIN_PASSWORD: 'owner password 1', BACKROOM_AUTO_INSTALL: 'false' }
  })
  const server = await startServer(t, setup)
  t.notMatch(server.stdout, /First SuperAdmin|owner password 1/)
  const login = await logIn(server.url, 'owner@shop.test', 'owner password 1')
  t.equal(login.status, 200)
  const modules = await fetch(`${server.url}/api/modules/hello`, { headers: { authorization: `Bearer ${login.body.accessToken}` } })
  t.match(await modules.json(), { name: 'hello', state: 'available', installedVersion: null })
  t.equal((await fetch(`${server.url}/api/hello/salutation`)).status, 404)
  t.same(await server.stop(), { code: 0, signal: null })
})
