import { existsSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { onPostgres } from '../helpers/database.ts'
import { cliSetup, runCli, startServer } from './cli-process.ts'

// Each test runs a server and commands beside it, each in a child process.
t.setTimeout(300_000)

if (!onPostgres()) {
  // Embedded PGlite is one process's database: these hold only there.
  t.test('on embedded PGlite, a command refuses to open the data folder while the server runs, and works once it stopped', async t => {
    const setup = await cliSetup(t)
    const server = await startServer(t, setup)
    const refused = await runCli(setup, ['modules', 'list'])
    t.equal(refused.code, 1)
    t.match(refused.stderr, `is in use by another Backroom process (pid ${server.child.pid}). PGlite admits one process at a time: stop the server first`)
    t.equal(refused.stdout, '')
    t.same(await server.stop(), { code: 0, signal: null })
    t.notOk(existsSync(path.join(setup.dataDir, 'pglite.lock')), 'the server released its lock')
    t.equal((await runCli(setup, ['modules', 'list'])).code, 0)
  })

  t.test('the lock of a server that was killed is taken over by the next command', async t => {
    const setup = await cliSetup(t)
    const server = await startServer(t, setup)
    server.child.kill('SIGKILL')
    await server.exited
    t.ok(existsSync(path.join(setup.dataDir, 'pglite.lock')), 'the killed server left its lock')
    const result = await runCli(setup, ['modules', 'list'])
    t.equal(result.code, 0, result.stderr)
  })
}

if (onPostgres()) {
  // Several processes on one database: only PostgreSQL lets them share it.
  t.test('a module change made with the CLI reaches a server running on the same PostgreSQL within a second', async t => {
    const setup = await cliSetup(t, { modules: ['hello'], env: { BACKROOM_AUTO_INSTALL: 'true' } })
    const server = await startServer(t, setup)
    const salutation = async (): Promise<{ status: number, code?: string }> => {
      const response = await fetch(`${server.url}/api/hello/salutation`)
      return { status: response.status, code: (await response.json()).code }
    }
    /** Milliseconds until the server answers as expected, polling; fails past two seconds. */
    const followed = async (expected: { status: number, code?: string }): Promise<number> => {
      const since = Date.now()
      for (;;) {
        const answer = await salutation()
        if (answer.status === expected.status && answer.code === expected.code) return Date.now() - since
        if (Date.now() - since > 2000) throw new Error(`still ${JSON.stringify(answer)}`)
        await new Promise(resolve => setTimeout(resolve, 25))
      }
    }
    t.equal((await salutation()).status, 200)

    t.equal((await runCli(setup, ['modules', 'disable', 'hello'])).code, 0)
    const disabledAfter = await followed({ status: 404, code: 'BR_MODULE_DISABLED' })
    t.ok(disabledAfter < 1000, `disabled on the server ${disabledAfter} ms after the command ended`)

    t.equal((await runCli(setup, ['modules', 'enable', 'hello'])).code, 0)
    const enabledAfter = await followed({ status: 200 })
    t.ok(enabledAfter < 1000, `enabled again ${enabledAfter} ms after the command ended`)
    t.same(await server.stop(), { code: 0, signal: null })
  })
}
