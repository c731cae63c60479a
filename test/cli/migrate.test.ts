import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { cliSetup, runCli } from './cli-process.ts'

// Each step boots the platform in a child process of its own.
t.setTimeout(300_000)

t.test('migrate brings a fresh database up to date, then finds nothing to do, then upgrades a module whose newer release landed on disk', async t => {
  const setup = await cliSetup(t, { modules: ['upgradable'], copy: true, env: { BACKROOM_ADMIN_EMAIL: 'owner@shop.test', BACKROOM_ADMIN_PASSWORD: 'owner password 1', BACKROOM_AUTO_INSTALL: 'true' } })
  const first = await runCli(setup, ['migrate'])
  t.equal(first.code, 0)
  t.match(first.stdout, /^core: ran 20261123_001_core\.ts(, \S+)*\nmodules: no upgrade pending\n$/)
  t.match(first.stderr, /installed module upgradable/, 'the first run set up what the first start would')

  const second = await runCli(setup, ['migrate'])
  t.equal(second.code, 0)
  t.equal(second.stdout, 'core: up to date\nmodules: no upgrade pending\n')

  const dir = path.join(setup.env.BACKROOM_MODULE_PATHS, 'upgradable')
  cpSync(path.join(dir, 'release-1.1.0'), dir, { recursive: true })
  const manifest = path.join(dir, 'package.json')
  writeFileSync(manifest, JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), version: '1.1.0' }))
  const third = await runCli(setup, ['migrate'])
  t.equal(third.code, 0, third.stderr)
  t.equal(third.stdout, 'core: up to date\nmodule upgradable: upgraded from 1.0.0 to 1.1.0\n')

  const list = await runCli(setup, ['modules', 'list'])
  t.match(list.stdout, /^upgradable\s+enabled\s+1\.1\.0\s+1\.1\.0\s*$/m)
})
