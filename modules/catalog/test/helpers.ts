import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { startPlatform, type TestPlatform } from '../../../test/helpers/platform.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const MODULES = path.resolve(here, '../..')
const FIXTURES = path.join(here, 'fixtures')

interface TestContext { teardown: (fn: () => Promise<void> | void) => void }

export type Caller = (options: InjectOptions) => Promise<LightMyRequestResponse>

export interface CatalogPlatform {
  shop: TestPlatform
  asAdmin: Caller
  /** Where uploaded images are stored (the storageDir setting, a temporary folder); imports write 10 products a batch. */
  storageDir: string
  /** A caller signed in as a new employee of the named default profile. */
  employee (profile: string): Promise<Caller>
  /** Creates a category named in English, under a parent or at the root; returns its id. */
  category (name: string, parentId?: number | null): Promise<number>
  /** Creates a product (name, price 1000, in the given default category) with overrides; returns its body. */
  product (sku: string, defaultCategoryId: number, overrides?: Record<string, unknown>): Promise<any>
  /** Another process started on the same database and modules, as after a restart. */
  anotherProcess (): Promise<TestPlatform>
  /** Domain events of a name written so far, oldest first. */
  events (name: string): Promise<Array<Record<string, any>>>
}

/**
 * A platform whose modules are localization and catalog, linked from the workspace as the
 * platform finds them in node_modules, and the named fixtures of this folder, all installed;
 * images go to a temporary folder.
 */
export async function startCatalog (t: TestContext, fixtures: string[] = []): Promise<CatalogPlatform> {
  const dir = mkdtempSync(path.join(tmpdir(), 'backroom-catalog-'))
  const storageDir = mkdtempSync(path.join(tmpdir(), 'backroom-catalog-images-'))
  t.teardown(() => {
    rmSync(dir, { recursive: true, force: true })
    rmSync(storageDir, { recursive: true, force: true })
  })
  for (const name of ['localization', 'catalog']) symlinkSync(path.join(MODULES, name), path.join(dir, name), 'dir')
  for (const name of fixtures) symlinkSync(path.join(FIXTURES, name), path.join(dir, name), 'dir')
  const shop = await startPlatform(t, { moduleRoots: [dir], install: ['localization', 'catalog', ...fixtures] })
  await expectStatus(shop.asAdmin({ method: 'PUT', url: '/api/modules/catalog/settings', payload: { storageDir, maxImageBytes: 64 * 1024, csvBatchSize: 10 } }), 200)
  let employees = 0
  return {
    shop,
    asAdmin: shop.asAdmin,
    storageDir,
    async employee (profile) {
      const profiles: Array<{ id: number, name: string }> = (await shop.asAdmin({ url: '/api/profiles' })).json().items
      const found = profiles.find(candidate => candidate.name === profile)
      if (found === undefined) throw new Error(`no profile ${profile}`)
      employees += 1
      const created = await expectStatus(shop.asAdmin({
        method: 'POST',
        url: '/api/employees',
        payload: { email: `catalog${employees}@shop.test`, firstName: 'Test', lastName: `Employee ${employees}`, password: 'a long enough password', profileId: found.id }
      }), 201)
      const token = shop.tokenFor(created.json().id)
      return async options => await shop.app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } })
    },
    async category (name, parentId = null) {
      const created = await expectStatus(shop.asAdmin({ method: 'POST', url: '/api/catalog/categories', payload: { parentId, translations: { en: { name } } } }), 201)
      return created.json().id
    },
    async product (sku, defaultCategoryId, overrides = {}) {
      const payload = { sku, price: 1000, defaultCategoryId, translations: { en: { name: `Product ${sku}` } }, ...overrides }
      return (await expectStatus(shop.asAdmin({ method: 'POST', url: '/api/catalog/products', payload }), 201)).json()
    },
    async anotherProcess () {
      return await startPlatform(t, { moduleRoots: [dir], database: shop.database })
    },
    async events (name) {
      const rows = await shop.database.knex.withSchema('core').from('events').where({ name }).orderBy('id').select('payload')
      return rows.map(row => typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload)
    }
  }
}

async function expectStatus (response: Promise<LightMyRequestResponse>, status: number): Promise<LightMyRequestResponse> {
  const answered = await response
  if (answered.statusCode !== status) throw new Error(`expected ${status}, got ${answered.statusCode}: ${answered.body}`)
  return answered
}
