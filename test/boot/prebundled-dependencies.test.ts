import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
// @ts-expect-error: plain JavaScript, run before the TypeScript loader, without declarations
import { prebundledTargets } from '../../core/boot/prebundled-dependencies.mjs'

const LOADERS = new URL('../../core/boot/loaders.mjs', import.meta.url).href

/** Runs an ES module script in a fresh node process started with the platform's loaders, and returns what it printed. */
async function withLoaders (script: string): Promise<unknown> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', LOADERS, '--input-type=module', '--eval', script], { cwd: new URL('../..', import.meta.url) })
  return JSON.parse(stdout)
}

t.test('a process started with the loaders imports typebox and its sub-paths from one bundle', async t => {
  const result = await withLoaders(`
    const { default: Type, Object: TypeObject } = await import('typebox')
    const { Value } = await import('typebox/value')
    const { Object: FromTypePath } = await import('typebox/type')
    const schema = Type.Object({ id: Type.Integer() })
    console.log(JSON.stringify({
      root: import.meta.resolve('typebox'),
      value: import.meta.resolve('typebox/value'),
      sameExport: typeof TypeObject === 'function' && FromTypePath === TypeObject,
      checks: [Value.Check(schema, { id: 1 }), Value.Check(schema, { id: 'one' })]
    }))
  `) as { root: string, value: string, sameExport: boolean, checks: boolean[] }
  t.match(result.root, /\/node_modules\/\.cache\/backroom-prebundle\/typebox@[^/]+\/typebox\.mjs$/)
  t.match(result.value, /\/node_modules\/\.cache\/backroom-prebundle\/typebox@[^/]+\/typebox-value\.mjs$/)
  t.ok(result.sameExport, 'a sub-path shares the root entry\'s code: one instance of the package')
  t.same(result.checks, [true, false], 'and validates as the package does')
})

t.test('other packages resolve as they are installed', async t => {
  const result = await withLoaders(`console.log(JSON.stringify(import.meta.resolve('semver')))`)
  t.match(result, /\/node_modules\/semver\//)
})

t.test('the bundles are built wherever the process was started from', async t => {
  const elsewhere = mkdtempSync(path.join(tmpdir(), 'backroom-prebundle-'))
  const started = process.cwd()
  t.teardown(() => { process.chdir(started); rmSync(elsewhere, { recursive: true, force: true }) })
  process.chdir(elsewhere)
  const targets = await prebundledTargets(path.join(elsewhere, 'cache')) as Record<string, string>
  t.ok('typebox' in targets && 'typebox/value' in targets, 'the package and its sub-paths')
  t.ok(Object.values(targets).every(target => existsSync(fileURLToPath(target)) && fileURLToPath(target).startsWith(path.join(elsewhere, 'cache'))), 'every bundle file is in the cache given')
  const { default: Type } = await import(targets.typebox)
  t.equal(Type.Integer().type, 'integer', 'and the bundle loads')
})
