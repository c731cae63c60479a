import t from 'tap'
import { startPlatform } from '../helpers/platform.ts'

// One platform for the file: configurable (shopName required, currency with a default, apiKey secret) and lifecycle_probe (no settings).
const platform = await startPlatform(t, { modules: ['configurable', 'lifecycle_probe'], install: ['configurable', 'lifecycle_probe'] })
const SECRET = 'sk-live-very-secret-value'

async function putSettings (payload: Record<string, unknown>) {
  return await platform.asAdmin({ method: 'PUT', url: '/api/modules/configurable/settings', payload })
}

async function storedSettings (): Promise<string> {
  const row = await platform.database.knex.withSchema('core').from('modules').where({ name: 'configurable' }).first('settings')
  return JSON.stringify(row.settings)
}

async function seenByModule (): Promise<Record<string, unknown>> {
  return (await platform.asAdmin({ url: '/api/configurable/seen' })).json()
}

t.test('settings are validated by the module schema, with field paths, and unknown keys are refused', async t => {
  t.equal((await putSettings({ shopName: 'Corner Shop' })).statusCode, 200)
  const before = await storedSettings()

  const invalid = await putSettings({ shopName: '', currency: 'euro', apiKey: 'short' })
  t.equal(invalid.statusCode, 400)
  t.match(invalid.json(), { code: 'BR_VALIDATION' })
  t.same(invalid.json().details.map((problem: { path: string }) => problem.path).sort(), ['body/apiKey', 'body/currency', 'body/shopName'])

  const missing = await putSettings({ currency: 'USD' })
  t.equal(missing.statusCode, 400)
  t.match(missing.json(), { code: 'BR_VALIDATION', details: [{ path: 'body/shopName' }] }, 'a missing required field is named by its path')

  const unknown = await putSettings({ shopName: 'Corner Shop', colour: 'red' })
  t.equal(unknown.statusCode, 400)
  t.match(unknown.json(), { code: 'BR_VALIDATION', details: [{ path: 'body/colour', message: 'is not a setting of this module' }] })

  t.equal(await storedSettings(), before, 'nothing was stored by the refused changes')
})

t.test('a secret field is stored encrypted and never sent back', async t => {
  const saved = await putSettings({ shopName: 'Corner Shop', apiKey: SECRET })
  t.equal(saved.statusCode, 200)
  t.same(saved.json(), { values: { shopName: 'Corner Shop', currency: 'EUR' }, secrets: { apiKey: true } })
  t.notMatch(saved.body, SECRET)
  const read = await platform.asAdmin({ url: '/api/modules/configurable/settings' })
  t.same(read.json(), { values: { shopName: 'Corner Shop', currency: 'EUR' }, secrets: { apiKey: true } })
  t.notMatch(read.body, SECRET)
  t.notMatch(await storedSettings(), SECRET, 'the database holds no plaintext')
  t.match(await storedSettings(), /"apiKey":\{"\$sealed":"[^"]+"\}/)
})

t.test('the module reads its settings decrypted; an omitted secret keeps its value and null clears it', async t => {
  t.equal((await putSettings({ shopName: 'Corner Shop', apiKey: SECRET })).statusCode, 200)
  t.same(await seenByModule(), { shopName: 'Corner Shop', currency: 'EUR', apiKey: SECRET })

  const kept = await putSettings({ shopName: 'Renamed Shop', currency: 'USD' })
  t.same(kept.json().secrets, { apiKey: true })
  t.same(await seenByModule(), { shopName: 'Renamed Shop', currency: 'USD', apiKey: SECRET }, 'the omitted secret kept its value')

  const cleared = await putSettings({ shopName: 'Renamed Shop', apiKey: null })
  t.same(cleared.json(), { values: { shopName: 'Renamed Shop', currency: 'EUR' }, secrets: { apiKey: false } })
  t.same(await seenByModule(), { shopName: 'Renamed Shop', currency: 'EUR' }, 'null cleared the secret')
})

t.test('reading its settings on every request queries them once, and again once they change', async t => {
  t.equal((await putSettings({ shopName: 'Counted Shop' })).statusCode, 200)
  const settingsReads: string[] = []
  const watch = (query: { sql: string }): void => { if (query.sql.includes('"core"."modules"')) settingsReads.push(query.sql) }
  platform.database.knex.on('query', watch)
  t.teardown(() => { platform.database.knex.off('query', watch) })

  for (let request = 0; request < 3; request++) t.same(await seenByModule(), { shopName: 'Counted Shop', currency: 'EUR' })
  t.equal(settingsReads.length, 1, 'three requests, one read')

  t.equal((await putSettings({ shopName: 'Changed Shop' })).statusCode, 200)
  settingsReads.length = 0
  t.same(await seenByModule(), { shopName: 'Changed Shop', currency: 'EUR' }, 'the change is seen on the next request')
  t.equal(settingsReads.length, 1, 'read again after the change')
})

t.test('a module without settings answers 404 BR_MODULE_NO_SETTINGS', async t => {
  for (const method of ['GET', 'PUT'] as const) {
    const response = await platform.asAdmin({ method, url: '/api/modules/lifecycle_probe/settings', ...(method === 'PUT' ? { payload: {} } : {}) })
    t.equal(response.statusCode, 404, method)
    t.match(response.json(), { code: 'BR_MODULE_NO_SETTINGS', message: /lifecycle_probe/ })
  }
})
