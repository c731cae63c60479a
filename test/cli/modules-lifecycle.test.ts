import t from 'tap'
import { cliSetup, runCli, type CliSetup } from './cli-process.ts'

// Each step boots the platform in a child process of its own, and this file runs ten of them.
t.setTimeout(300_000)

/** The row of a `modules list` output for one module, as its columns. */
function rowOf (output: string, name: string): string[] | undefined {
  return output.split('\n').map(line => line.trim().split(/\s{2,}/)).find(cells => cells[0] === name)
}

async function listed (setup: CliSetup, name: string): Promise<string[] | undefined> {
  const result = await runCli(setup, ['modules', 'list'])
  if (result.code !== 0) throw new Error(`modules list failed: ${result.stderr}`)
  return rowOf(result.stdout, name)
}

t.test('modules list, install, disable, enable and uninstall from the command line, each in its own process', async t => {
  const setup = await cliSetup(t, { modules: ['hello'] })

  t.test('list shows a module found and not installed', async t => {
    const result = await runCli(setup, ['modules', 'list'])
    t.equal(result.code, 0)
    t.match(result.stdout, /^NAME\s+STATE\s+INSTALLED\s+FOUND\s+LAST ERROR$/m)
    t.same(rowOf(result.stdout, 'hello'), ['hello', 'available', '-', '1.0.0'])
  })

  t.test('install runs it and leaves it enabled', async t => {
    const result = await runCli(setup, ['modules', 'install', 'hello'])
    t.equal(result.code, 0)
    t.equal(result.stdout, 'module hello: enabled (installed 1.0.0)\n')
    t.same(await listed(setup, 'hello'), ['hello', 'enabled', '1.0.0', '1.0.0'], 'the next process sees it installed')
  })

  t.test('disable and enable switch it; a repeated action is refused with its code', async t => {
    const disabled = await runCli(setup, ['modules', 'disable', 'hello'])
    t.equal(disabled.code, 0)
    t.equal(disabled.stdout, 'module hello: disabled (installed 1.0.0)\n')
    const again = await runCli(setup, ['modules', 'disable', 'hello'])
    t.equal(again.code, 1)
    t.equal(again.stderr, 'backroom: Module hello is already disabled (BR_MODULE_STATE)\n')
    t.equal((await runCli(setup, ['modules', 'enable', 'hello'])).stdout, 'module hello: enabled (installed 1.0.0)\n')
  })

  t.test('uninstall without --confirm is refused; with it, the module is available again', async t => {
    const refused = await runCli(setup, ['modules', 'uninstall', 'hello'])
    t.equal(refused.code, 2)
    t.match(refused.stderr, /^backroom: uninstalling hello drops its data: repeat its name with --confirm hello$/m)
    const result = await runCli(setup, ['modules', 'uninstall', 'hello', '--confirm', 'hello'])
    t.equal(result.code, 0)
    t.equal(result.stdout, 'module hello: uninstalled, now available\n', 'it was still installed after the refusal')
    t.same(await listed(setup, 'hello'), ['hello', 'available', '-', '1.0.0'])
  })

  t.test('a module that does not exist is reported with its code', async t => {
    const result = await runCli(setup, ['modules', 'install', 'nope'])
    t.equal(result.code, 1)
    t.equal(result.stderr, 'backroom: Module nope not found (BR_MODULE_NOT_FOUND)\n')
    t.equal(result.stdout, '')
  })
})
