import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'

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
