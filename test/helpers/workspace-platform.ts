import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { startPlatform, type StartOptions, type TestPlatform } from './platform.ts'

const WORKSPACE_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../modules')

interface TestContext { teardown: (fn: () => Promise<void> | void) => void }

export type Caller = (options: InjectOptions) => Promise<LightMyRequestResponse>

export interface WorkspacePlatform extends TestPlatform {
  /** The folder of module packages the platform reads: the workspace modules and fixtures, linked. */
  moduleRoot: string
  /** A caller signed in as a new employee of the named profile (a default one, or any other). */
  employee (profile: string): Promise<Caller>
  /** A caller holding exactly these permissions, through a profile made for it. */
  holding (permissions: string[]): Promise<Caller>
  /** Domain events of a name written so far, oldest first: their payloads. */
  events (name: string): Promise<Array<Record<string, any>>>
  /** Another platform on the same database and modules, as another process or a restart. */
  anotherProcess (): Promise<TestPlatform>
}

export interface WorkspaceOptions extends Omit<StartOptions, 'modules' | 'moduleRoots' | 'install'> {
  /** First-party modules of the workspace (modules/<name>), installed in this order. */
  modules: string[]
  /** Fixture module folders (absolute paths), installed after the workspace modules. */
  fixtures?: string[]
}

/**
 * A platform serving workspace modules, linked as npm links them into node_modules, plus fixture
 * modules, all installed; with callers for employees of any profile.
 */
export async function startWorkspacePlatform (t: TestContext, options: WorkspaceOptions): Promise<WorkspacePlatform> {
  const moduleRoot = mkdtempSync(path.join(tmpdir(), 'backroom-workspace-'))
  t.teardown(() => rmSync(moduleRoot, { recursive: true, force: true }))
  const fixtures = options.fixtures ?? []
  for (const name of options.modules) symlinkSync(path.join(WORKSPACE_MODULES, name), path.join(moduleRoot, name), 'dir')
  for (const fixture of fixtures) symlinkSync(fixture, path.join(moduleRoot, path.basename(fixture)), 'dir')
  const shop = await startPlatform(t, { ...options, moduleRoots: [moduleRoot], install: [...options.modules, ...fixtures.map(fixture => path.basename(fixture))] })
  let employees = 0
  const employeeOf = async (profileId: number): Promise<Caller> => {
    employees += 1
    const created = await shop.asAdmin({
      method: 'POST',
      url: '/api/employees',
      payload: { email: `employee${employees}@shop.test`, firstName: 'Test', lastName: `Employee ${employees}`, password: 'a long enough password', profileId }
    })
    if (created.statusCode !== 201) throw new Error(`employee not created: ${created.body}`)
    const token = shop.tokenFor(created.json().id)
    return async inject => await shop.app.inject({ ...inject, headers: { authorization: `Bearer ${token}`, ...inject.headers } })
  }
  return Object.assign(shop, {
    moduleRoot,
    async employee (profile: string) {
      const profiles: Array<{ id: number, name: string }> = (await shop.asAdmin({ url: '/api/profiles' })).json().items
      const found = profiles.find(candidate => candidate.name === profile)
      if (found === undefined) throw new Error(`no profile ${profile}`)
      return await employeeOf(found.id)
    },
    async holding (permissions: string[]) {
      const created = await shop.asAdmin({ method: 'POST', url: '/api/profiles', payload: { name: `Holding ${permissions.join(' ')}`, permissions } })
      if (created.statusCode !== 201) throw new Error(`profile not created: ${created.body}`)
      return await employeeOf(created.json().id)
    },
    async events (name: string) {
      const rows = await shop.database.knex.withSchema('core').from('events').where({ name }).orderBy('id').select('payload')
      return rows.map(row => typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload)
    },
    async anotherProcess () {
      return await startPlatform(t, { ...options, moduleRoots: [moduleRoot], database: shop.database })
    }
  })
}

/** The answer, when it has this status; otherwise an error showing what came instead. */
export async function expectStatus (response: Promise<LightMyRequestResponse>, status: number): Promise<LightMyRequestResponse> {
  const answered = await response
  if (answered.statusCode !== status) throw new Error(`expected ${status}, got ${answered.statusCode}: ${answered.body}`)
  return answered
}
