// Pre-bundling of ESM dependencies made of many files, as Vite does for the browser: typebox is
// some 680 ES modules, and under the TypeScript loader (tsx) every one of them costs a round trip
// to the loader thread, which made importing it most of the platform's start-up time. Bundled
// once into a few files (cached under node_modules/.cache, keyed by the package's and esbuild's
// versions), it loads in a few tens of milliseconds. One bundle serves the core and every module,
// so they still share one instance of the package. Plain JavaScript: it runs before the loader.
import { mkdirSync, readFileSync, renameSync, rmSync, existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const PACKAGES = ['typebox']
const CACHE_ROOT = fileURLToPath(new URL('../../node_modules/.cache/backroom-prebundle/', import.meta.url))

/** The package.json of an installed package, found upward from the file its main export resolves to. */
function packageManifest (name) {
  let folder = path.dirname(fileURLToPath(import.meta.resolve(name)))
  for (;;) {
    const file = path.join(folder, 'package.json')
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8'))
      if (manifest.name === name) return manifest
    }
    const parent = path.dirname(folder)
    if (parent === folder) throw new Error(`no package.json for ${name}`)
    folder = parent
  }
}

/** Every specifier the package exports ('typebox', 'typebox/value', …) with the entry name of its bundle. */
function exportedSpecifiers (name, manifest) {
  const subpaths = typeof manifest.exports === 'object' && manifest.exports !== null ? Object.keys(manifest.exports).filter(key => key.startsWith('.') && !key.includes('*')) : ['.']
  return subpaths.map(subpath => {
    const specifier = subpath === '.' ? name : `${name}${subpath.slice(1)}`
    return { specifier, entry: specifier.replace(/[^a-z0-9]+/gi, '-') }
  })
}

async function bundle (specifiers, folder) {
  const { build } = await import('esbuild')
  const staging = `${folder}.${process.pid}.tmp`
  await build({
    // Files, not specifiers: esbuild would resolve those from the working directory, anywhere.
    entryPoints: Object.fromEntries(specifiers.map(({ specifier, entry }) => [entry, fileURLToPath(import.meta.resolve(specifier))])),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    outExtension: { '.js': '.mjs' },
    outdir: staging,
    logLevel: 'silent'
  })
  try {
    renameSync(staging, folder)
  } catch (error) {
    // Another process starting at the same moment bundled it first: theirs is as good.
    rmSync(staging, { recursive: true, force: true })
    if (!existsSync(folder)) throw error
  }
}

/**
 * The bundle file of every specifier of the pre-bundled packages, building the bundles under
 * `cacheRoot` when they are not there yet.
 */
export async function prebundledTargets (cacheRoot = CACHE_ROOT) {
  const { version: esbuildVersion } = packageManifest('esbuild')
  const targets = {}
  for (const name of PACKAGES) {
    const manifest = packageManifest(name)
    const folder = path.join(cacheRoot, `${name}@${manifest.version}-esbuild@${esbuildVersion}`)
    const specifiers = exportedSpecifiers(name, manifest)
    if (!existsSync(folder)) {
      mkdirSync(cacheRoot, { recursive: true })
      await bundle(specifiers, folder)
    }
    for (const { specifier, entry } of specifiers) targets[specifier] = pathToFileURL(path.join(folder, `${entry}.mjs`)).href
  }
  return targets
}
