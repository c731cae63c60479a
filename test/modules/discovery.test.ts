import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { startPlatform } from '../helpers/platform.ts'

/** Writes a package into a node_modules folder: its package.json and, when given, its files. */
function writePackage (nodeModules: string, manifest: Record<string, unknown>, files: Record<string, string> = {}): void {
  const dir = path.join(nodeModules, ...String(manifest.name).split('/'))
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest))
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text)
}

t.test('every package in node_modules whose package.json has backroom.module is found, scoped ones included; other packages are ignored', async t => {
  const root = mkdtempSync(path.join(tmpdir(), 'backroom-discovery-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  const nodeModules = path.join(root, 'node_modules')
  // A third-party module as published on npm: compiled JavaScript, under a scope.
  writePackage(nodeModules, { name: '@vendor/backroom-x', version: '2.3.4', type: 'module', backroom: { module: './main.js' } }, {
    'main.js': `import { defineModule } from 'backroom'
export default defineModule({
  name: 'vendor_x',
  routes: async app => { app.get('/ping', { config: { public: true } }, async () => ({ pong: true })) }
})
`
  })
  writePackage(nodeModules, { name: 'left-pad', version: '1.3.0', main: 'index.js' }, { 'index.js': 'export default 1\n' })
  writePackage(nodeModules, { name: '@vendor/plain', version: '1.0.0', type: 'module' })
  writePackage(nodeModules, { name: 'other-tool', version: '1.0.0', backroom: { theme: './theme.css' } })

  const { asAdmin } = await startPlatform(t, { moduleRoots: [nodeModules] })
  const listed = (await asAdmin({ url: '/api/modules' })).json().items
  t.same(listed.map((module: { name: string }) => module.name), ['vendor_x'], 'only the package declaring backroom.module is a module')
  t.match(listed[0], { name: 'vendor_x', packageName: '@vendor/backroom-x', foundVersion: '2.3.4', state: 'available', lastError: null })

  t.equal((await asAdmin({ method: 'POST', url: '/api/modules/vendor_x/install' })).statusCode, 200)
  t.same((await asAdmin({ url: '/api/vendor_x/ping' })).json(), { pong: true }, 'the discovered module runs once installed')
})
