import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const TEMPLATE = fileURLToPath(new URL('../test/fixtures/modules/bench_fixture', import.meta.url))
const PROJECT_NODE_MODULES = fileURLToPath(new URL('../node_modules', import.meta.url))

export interface ModuleSet {
  /** The folder of module packages, for BACKROOM_MODULE_PATHS. */
  root: string
  names: string[]
  remove (): void
}

/**
 * Copies of the bench_fixture package under `count` package names in a temporary folder, each
 * a module of its own (the fixture takes its name from its package). A node_modules link beside
 * them lets their code import the project's dependencies, as an installed package would.
 */
export function generateModuleSet (count: number): ModuleSet {
  const base = mkdtempSync(path.join(tmpdir(), 'backroom-bench-modules-'))
  symlinkSync(PROJECT_NODE_MODULES, path.join(base, 'node_modules'), 'dir')
  const root = path.join(base, 'modules')
  mkdirSync(root)
  const names = Array.from({ length: count }, (_, index) => `bench_${String(index + 1).padStart(2, '0')}`)
  for (const name of names) {
    const dir = path.join(root, name)
    cpSync(TEMPLATE, dir, { recursive: true })
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
      name: `backroom-module-${name}`, version: '1.0.0', private: true, type: 'module', backroom: { module: './index.ts' }
    }, null, 2))
  }
  return { root, names, remove: () => { rmSync(base, { recursive: true, force: true }) } }
}
