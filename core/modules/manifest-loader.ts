import { statSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import semver from 'semver'
import type { ModulePackage } from './discovery.ts'
import type { ModuleManifest } from './contract.ts'
import { registerPlatformResolution } from './platform-resolution.ts'

export const RESERVED_MODULE_NAMES = new Set([
  'core', 'auth', 'me', 'modules', 'employees', 'profiles', 'permissions', 'audit', 'api-keys',
  'api_keys', 'docs', 'health', 'public', 'information_schema', 'pg_catalog'
])
const MODULE_NAME = /^[a-z][a-z0-9_]{1,39}$/
const PERMISSION_KEY = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/

export interface LoadedModule {
  pkg: ModulePackage
  manifest: ModuleManifest & { version: string }
}

/** Returns the contract violations of a manifest, empty when it is sound. */
export function manifestProblems (manifest: ModuleManifest): string[] {
  const problems: string[] = []
  if (typeof manifest !== 'object' || manifest === null) return ['the entry has no default export made with defineModule']
  if (typeof manifest.name !== 'string' || !MODULE_NAME.test(manifest.name)) problems.push(`name ${JSON.stringify(manifest.name)} must be lowercase letters, digits and _ (2 to 40, starting with a letter)`)
  else if (RESERVED_MODULE_NAMES.has(manifest.name)) problems.push(`name ${manifest.name} is reserved by the core`)
  if (manifest.version !== undefined && semver.valid(manifest.version) === null) problems.push(`version ${JSON.stringify(manifest.version)} is not semver`)
  for (const [dependency, range] of Object.entries({ core: manifest.requires?.core, ...manifest.requires?.modules })) {
    if (range !== undefined && semver.validRange(range) === null) problems.push(`requirement ${dependency}@${range} is not a semver range`)
  }
  for (const key of Object.keys(manifest.permissions ?? {})) {
    if (!PERMISSION_KEY.test(key)) problems.push(`permission key ${key} must be dot-separated lowercase words`)
  }
  if (manifest.routes !== undefined && typeof manifest.routes !== 'function') problems.push('routes must be a Fastify plugin function')
  if (manifest.settings !== undefined && (manifest.settings as { type?: string }).type !== 'object') problems.push('settings must be a TypeBox object schema')
  for (const event of Object.keys(manifest.events?.emits ?? {})) {
    if (!event.startsWith(`${manifest.name}.`)) problems.push(`emitted event ${event} must start with ${manifest.name}.`)
  }
  for (const [event, handler] of Object.entries(manifest.events?.subscribes ?? {})) {
    if (typeof handler !== 'function') problems.push(`handler for ${event} must be a function`)
  }
  return problems
}

export class ModuleLoadError extends Error {
  constructor (readonly packageName: string, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'ModuleLoadError'
  }
}

/**
 * Imports a module's entry. The URL carries the package version and the entry's modification
 * time, so a package replaced on disk (an upgrade) is imported afresh rather than from cache.
 */
export async function loadModule (pkg: ModulePackage): Promise<LoadedModule> {
  registerPlatformResolution()
  let manifest: ModuleManifest
  try {
    const stamp = `${pkg.version}-${statSync(pkg.entry).mtimeMs}`
    const imported = await import(`${pathToFileURL(pkg.entry).href}?v=${encodeURIComponent(stamp)}`)
    manifest = imported.default
  } catch (error) {
    throw new ModuleLoadError(pkg.packageName, `loading ${pkg.packageName} threw: ${(error as Error).message}`, { cause: error })
  }
  const problems = manifestProblems(manifest)
  if (problems.length > 0) throw new ModuleLoadError(pkg.packageName, `${pkg.packageName} breaks the module contract: ${problems.join('; ')}`)
  return { pkg, manifest: { ...manifest, version: manifest.version ?? pkg.version } }
}
