import t from 'tap'
import { cliSetup, logIn, runCli, startServer } from './cli-process.ts'

// Each step boots the platform in a child process of its own.
t.setTimeout(300_000)

t.test('employees create, from the command line', async t => {
  const setup = await cliSetup(t, { env: { BACKROOM_ADMIN_EMAIL: 'owner@shop.test', BACKROOM_ADMIN_PASSWORD: 'owner password 1' } })
  let generated = ''

  t.test('without --password, a password is generated and printed once', async t => {
    const result = await runCli(setup, ['employees', 'create', '--email', 'jane@shop.test', '--first-name', 'Jane', '--last-name', 'Doe', '--profile', 'Salesman'])
    t.equal(result.code, 0)
    const match = result.stdout.match(/^Employee \d+ created: jane@shop\.test \(Salesman\)\nPassword \(shown once, write it down\): (\S{24})\n$/)
    t.ok(match, result.stdout)
    generated = match![1]
    t.equal(result.stderr, '')
  })

  t.test('with --password, only the employee is printed', async t => {
    const result = await runCli(setup, ['employees', 'create', '--email', 'max@shop.test', '--first-name', 'Max', '--last-name', 'Roe', '--profile', 'Logistician', '--password', 'max password 1'])
    t.equal(result.code, 0)
    t.match(result.stdout, /^Employee \d+ created: max@shop\.test \(Logistician\)\n$/)
  })

  t.test('an email already taken, in any letter case, is refused with its code', async t => {
    const result = await runCli(setup, ['employees', 'create', '--email', 'JANE@shop.test', '--first-name', 'J', '--last-name', 'D', '--profile', 'Salesman'])
    t.equal(result.code, 1)
    t.equal(result.stderr, 'backroom: An employee with email JANE@shop.test exists (BR_EMPLOYEE_EMAIL_TAKEN)\n')
    t.equal(result.stdout, '')
  })

  t.test('bad options are refused, each named, the password never echoed', async t => {
    const result = await runCli(setup, ['employees', 'create', '--email', 'not-an-email', '--first-name', '', '--last-name', 'D', '--profile', 'Salesman', '--password', 'tiny-pw'])
    t.equal(result.code, 2)
    t.match(result.stderr, /^backroom: the employee was not created: /)
    for (const option of ['--email must match format "email"', '--first-name must not have fewer than 1 characters', '--password must not have fewer than 10 characters']) {
      t.ok(result.stderr.includes(option), option)
    }
    t.notMatch(result.stderr, /tiny-pw/)
    const missing = await runCli(setup, ['employees', 'create', '--email', 'a@shop.test'])
    t.equal(missing.code, 2)
    t.match(missing.stderr, /^backroom: missing --first-name <name>\n\nUsage: backroom employees create /)
  })

  t.test('an unknown profile is refused, naming the profiles there are', async t => {
    const result = await runCli(setup, ['employees', 'create', '--email', 'kim@shop.test', '--first-name', 'Kim', '--last-name', 'Poe', '--profile', 'Janitor'])
    t.equal(result.code, 2)
    const named = result.stderr.match(/^backroom: there is no profile Janitor; the profiles are (.+)\n$/)
    t.same(named?.[1].split(', ').sort(), ['Logistician', 'Salesman', 'SuperAdmin', 'Translator'])
  })

  t.test('the employees created log in to the server with their passwords', async t => {
    const server = await startServer(t, setup)
    const jane = await logIn(server.url, 'jane@shop.test', generated)
    t.equal(jane.status, 200)
    t.match(jane.body.employee, { email: 'jane@shop.test', firstName: 'Jane', lastName: 'Doe', active: true })
    t.equal((await logIn(server.url, 'max@shop.test', 'max password 1')).status, 200)
    t.equal((await logIn(server.url, 'kim@shop.test', 'whatever password')).status, 401, 'the refused ones were not created')
    t.same(await server.stop(), { code: 0, signal: null })
  })
})
