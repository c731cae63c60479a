import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'

/** A package on disk whose package.json carries `"backroom": { "module": "<entry>" }`. */
export interface ModulePackage {
  packageName: string
  version: string
  /** Real path of the package folder. */
  dir: string
  /** Absolute path of the entry file. */
  entry: string
}

function readModulePackage (dir: string): ModulePackage | undefined {
  let pkg: { name?: string, version?: string, backroom?: { module?: unknown } }
  try {
    pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))
  } catch {
    return undefined
  }
  const entry = pkg.backroom?.module
  if (typeof entry !== 'string' || typeof pkg.name !== 'string') return undefined
  const realDir = realpathSync(dir)
  return { packageName: pkg.name, version: String(pkg.version ?? '0.0.0'), dir: realDir, entry: path.resolve(realDir, entry) }
}

function packageDirs (root: string): string[] {
  let names: string[]
  try {
    names = readdirSync(root)
  } catch {
    return []
  }
  const dirs: string[] = []
  for (const name of names) {
    if (name.startsWith('.')) continue
    const full = path.join(root, name)
    if (name.startsWith('@')) dirs.push(...packageDirs(full))
    else if (isDirectory(full)) dirs.push(full)
  }
  return dirs
}

function isDirectory (p: string): boolean {
  try {
    return statSync(p).isDirectory()
  } catch {
    return false
  }
}

/**
 * Every module package in the given folders: node_modules folders (scoped packages included) or
 * folders of packages. Workspace links resolve to one package; the first folder wins a name twice.
 */
export function discoverModulePackages (roots: string[]): ModulePackage[] {
  const seen = new Map<string, ModulePackage>()
  for (const root of roots) {
    for (const dir of packageDirs(root)) {
      const found = readModulePackage(dir)
      if (found !== undefined && !seen.has(found.dir)) seen.set(found.dir, found)
    }
  }
  return [...seen.values()]
}
