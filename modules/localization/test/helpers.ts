import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { startPlatform, type TestPlatform } from '../../../test/helpers/platform.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const MODULE_DIR = path.resolve(here, '..')
const FIXTURES = path.join(here, 'fixtures')

interface TestContext { teardown: (fn: () => Promise<void> | void) => void }

export type Caller = (options: InjectOptions) => Promise<LightMyRequestResponse>

export interface LocalizationPlatform {
  shop: TestPlatform
  asAdmin: Caller
  /** A caller signed in as a new employee of the named profile. */
  employee (profile: string): Promise<Caller>
  /** A caller holding exactly these permissions, through a profile made for it. */
  holding (permissions: string[]): Promise<Caller>
}

/**
 * A platform whose only modules are localization (the package under test, linked as the
 * workspace links it) and the named fixtures of this folder, all installed.
 */
export async function startLocalization (t: TestContext, fixtures: string[] = []): Promise<LocalizationPlatform> {
  const dir = mkdtempSync(path.join(tmpdir(), 'backroom-localization-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  symlinkSync(MODULE_DIR, path.join(dir, 'localization'), 'dir')
  for (const name of fixtures) symlinkSync(path.join(FIXTURES, name), path.join(dir, name), 'dir')
  const shop = await startPlatform(t, { moduleRoots: [dir], install: ['localization', ...fixtures] })
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
    return async options => await shop.app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } })
  }
  return {
    shop,
    asAdmin: shop.asAdmin,
    async employee (profile) {
      const profiles: Array<{ id: number, name: string }> = (await shop.asAdmin({ url: '/api/profiles' })).json().items
      const found = profiles.find(candidate => candidate.name === profile)
      if (found === undefined) throw new Error(`no profile ${profile}`)
      return await employeeOf(found.id)
    },
    async holding (permissions) {
      const created = await shop.asAdmin({ method: 'POST', url: '/api/profiles', payload: { name: `Holding ${permissions.join(' ')}`, permissions } })
      if (created.statusCode !== 201) throw new Error(`profile not created: ${created.body}`)
      return await employeeOf(created.json().id)
    }
  }
}
