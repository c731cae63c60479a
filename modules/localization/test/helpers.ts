import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startWorkspacePlatform, type Caller, type WorkspacePlatform } from '../../../test/helpers/workspace-platform.ts'

export type { Caller } from '../../../test/helpers/workspace-platform.ts'

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures')

interface TestContext { teardown: (fn: () => Promise<void> | void) => void }

export interface LocalizationPlatform {
  shop: WorkspacePlatform
  asAdmin: Caller
  /** A caller signed in as a new employee of the named profile. */
  employee (profile: string): Promise<Caller>
  /** A caller holding exactly these permissions, through a profile made for it. */
  holding (permissions: string[]): Promise<Caller>
}

/** A platform whose only modules are localization and the named fixtures of this folder, all installed. */
export async function startLocalization (t: TestContext, fixtures: string[] = []): Promise<LocalizationPlatform> {
  const shop = await startWorkspacePlatform(t, { modules: ['localization'], fixtures: fixtures.map(name => path.join(FIXTURES, name)) })
  return { shop, asAdmin: shop.asAdmin, employee: shop.employee, holding: shop.holding }
}
