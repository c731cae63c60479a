import net from 'node:net'
import t from 'tap'
import { cliSetup, runCli } from '../cli/cli-process.ts'

t.test('a port already in use stops start with a message naming it, exit 1, no stack trace', async t => {
  const holder = net.createServer()
  await new Promise<void>(resolve => holder.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { holder.close() })
  const port = (holder.address() as net.AddressInfo).port
  const setup = await cliSetup(t)
  const result = await runCli(setup, ['start'], { PORT: String(port), HOST: '127.0.0.1' })
  t.equal(result.code, 1)
  t.equal(result.stderr, `backroom: cannot listen on 127.0.0.1:${port}: the port is in use: stop what holds it or set PORT\n`)
})

t.test('an unreachable PostgreSQL server stops start with a message, exit 1, and the password in DATABASE_URL is never shown', async t => {
  const setup = await cliSetup(t, { env: { DATABASE_URL: 'postgres://shop:hunter2hunter2@127.0.0.1:1/shop' } })
  const result = await runCli(setup, ['start'])
  t.equal(result.code, 1)
  t.equal(result.stderr, 'backroom: cannot connect to the PostgreSQL server of DATABASE_URL: connect ECONNREFUSED 127.0.0.1:1\n')
  t.notMatch(result.stdout + result.stderr, /hunter2/)
})
