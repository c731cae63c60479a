import semver from 'semver'
import type { ModuleManifest } from './contract.ts'
import type { FoundModule } from './module-catalog.ts'
import type { ModuleRecord } from './module-repository.ts'
import { qualifyPermissions } from './module-repository.ts'

export const MODULE_STATES = ['available', 'enabled', 'disabled', 'failed', 'upgrade-pending', 'missing'] as const
export type ModuleState = typeof MODULE_STATES[number]

export interface ModuleStatus {
  name: string
  state: ModuleState
  packageName: string | null
  installedVersion: string | null
  foundVersion: string | null
  requires: { core: string | null, modules: Record<string, string> }
  permissions: Array<{ key: string, description: string }>
  hasSettings: boolean
  lastError: string | null
  installedAt: string | null
}

/** Whether the code found is newer than the version installed, so its new migrations wait for an upgrade. */
export function upgradePending (record: ModuleRecord, manifest: ModuleManifest & { version: string }): boolean {
  return record.version !== null && semver.gt(manifest.version, record.version)
}

/** What an admin sees of a module: the database record and the code on disk, side by side. */
export function describeModule (name: string, record: ModuleRecord | undefined, found: FoundModule | undefined): ModuleStatus {
  const manifest = found?.loaded?.manifest
  const foundVersion = manifest?.version ?? found?.pkg.version ?? null
  let state: ModuleState
  let lastError = record?.lastError ?? null
  if (record === undefined) {
    state = found?.error !== undefined ? 'failed' : 'available'
    lastError = found?.error ?? null
  } else if (found === undefined) {
    state = 'missing'
    lastError = lastError ?? `the code of ${name} is no longer installed`
  } else if (found.error !== undefined) {
    state = 'failed'
    lastError = found.error
  } else if (record.state === 'failed') {
    // Before upgrade-pending: an upgrade that failed shows as failed, with its error.
    state = 'failed'
  } else if (upgradePending(record, manifest!)) {
    state = 'upgrade-pending'
  } else if (record.version !== null && semver.lt(manifest!.version, record.version)) {
    state = 'failed'
    lastError = `installed version ${record.version} is newer than the code found (${manifest!.version})`
  } else {
    state = record.state
  }
  return {
    name,
    state,
    packageName: found?.pkg.packageName ?? null,
    installedVersion: record?.version ?? null,
    foundVersion,
    requires: { core: manifest?.requires?.core ?? null, modules: { ...manifest?.requires?.modules } },
    permissions: qualifyPermissions(name, manifest?.permissions).map(({ key, description }) => ({ key, description })),
    hasSettings: manifest?.settings !== undefined,
    lastError,
    installedAt: record?.installedAt?.toISOString() ?? null
  }
}
