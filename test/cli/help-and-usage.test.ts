import t from 'tap'
import { cliSetup, runCli } from './cli-process.ts'

t.test('--help lists every command and exits 0, without touching a database', async t => {
  const setup = await cliSetup(t)
  const result = await runCli(setup, ['--help'])
  t.equal(result.code, 0)
  for (const command of ['start', 'migrate', 'modules list', 'modules install <name>', 'modules enable <name>', 'modules disable <name>',
    'modules upgrade <name>', 'modules uninstall <name>', 'employees create']) {
    t.match(result.stdout, new RegExp(`^  ${command}  `, 'm'), command)
  }
  t.equal(result.stderr, '')
})

t.test('each command has its own --help with its arguments and options', async t => {
  const setup = await cliSetup(t)
  const uninstall = await runCli(setup, ['modules', 'uninstall', '--help'])
  t.equal(uninstall.code, 0)
  t.match(uninstall.stdout, /^Usage: backroom modules uninstall <name> \[--confirm <name>\]$/m)
  const create = await runCli(setup, ['employees', 'create', '-h'])
  t.equal(create.code, 0)
  t.match(create.stdout, /^Usage: backroom employees create --email <email> --first-name <name> --last-name <name> --profile <profile> \[--password <password>\]$/m)
  t.match(create.stdout, /--password <password>\s+At least 10 characters; when left out, one is generated and printed once/)
})

t.test('bad usage exits 2 with what is wrong and the usage', async t => {
  const setup = await cliSetup(t)
  const unknown = await runCli(setup, ['frobnicate'])
  t.equal(unknown.code, 2)
  t.match(unknown.stderr, /^backroom: unknown command "frobnicate"/)
  t.match(unknown.stderr, /Usage: backroom <command> \[options\]/)

  const group = await runCli(setup, ['modules'])
  t.equal(group.code, 2)
  t.match(group.stderr, /missing subcommand[\s\S]*Usage: backroom modules <command>/)

  const missing = await runCli(setup, ['modules', 'install'])
  t.equal(missing.code, 2)
  t.match(missing.stderr, /^backroom: missing <name>\n\nUsage: backroom modules install <name>$/m)

  const extra = await runCli(setup, ['modules', 'list', 'hello'])
  t.equal(extra.code, 2)
  t.match(extra.stderr, /unexpected argument hello/)

  const option = await runCli(setup, ['modules', 'disable', 'hello', '--force'])
  t.equal(option.code, 2)
  t.match(option.stderr, /Unknown option '--force'/)
  t.equal(option.stdout, '')
})
