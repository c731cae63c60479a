import { discoverModulePackages, type ModulePackage } from './discovery.ts'
import { loadModule, type LoadedModule } from './manifest-loader.ts'

/** A module found on disk: its manifest, or why it could not be loaded. */
export interface FoundModule {
  name: string
  pkg: ModulePackage
  /** The manifest, when the entry loaded and keeps the contract. */
  loaded?: LoadedModule
  /** Why it could not be loaded, otherwise. */
  error?: string
}

/**
 * The modules found in the configured folders. Each scan re-reads package.json files, so code
 * dropped in or upgraded on disk is seen without a restart.
 */
export class ModuleCatalog {
  #found = new Map<string, FoundModule>()

  constructor (private readonly roots: string[]) {}

  async scan (): Promise<Map<string, FoundModule>> {
    const found = new Map<string, FoundModule>()
    const claimedBy = new Map<string, string>()
    for (const pkg of discoverModulePackages(this.roots)) {
      let entry: FoundModule
      try {
        const loaded = await loadModule(pkg)
        entry = { name: loaded.manifest.name, pkg, loaded }
      } catch (error) {
        // A package that cannot load is known by its package name until it declares its own.
        entry = { name: pkg.packageName.replace(/^@[^/]+\//, '').replace(/^backroom-module-/, ''), error: (error as Error).message, pkg }
      }
      const previous = claimedBy.get(entry.name)
      if (previous !== undefined) {
        found.set(entry.name, { name: entry.name, error: `module name ${entry.name} is declared by both ${previous} and ${pkg.packageName}`, pkg })
        continue
      }
      claimedBy.set(entry.name, pkg.packageName)
      found.set(entry.name, entry)
    }
    this.#found = found
    return found
  }

  /** The result of the last scan. */
  get found (): Map<string, FoundModule> {
    return this.#found
  }
}
