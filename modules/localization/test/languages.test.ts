import t from 'tap'
import { startLocalization } from './helpers.ts'

const { asAdmin } = await startLocalization(t)
const url = '/api/localization/languages'

t.test('a language is added, renamed, deactivated and deleted', async t => {
  const created = await asAdmin({ method: 'POST', url, payload: { code: 'de', name: 'German' } })
  t.equal(created.statusCode, 201)
  t.same(created.json(), { code: 'de', name: 'German', active: true, isDefault: false })
  t.same((await asAdmin({ method: 'PATCH', url: `${url}/de`, payload: { name: 'Deutsch', active: false } })).json(), { code: 'de', name: 'Deutsch', active: false, isDefault: false })
  t.same((await asAdmin({ url: `${url}?active=false` })).json().items.map((l: { code: string }) => l.code), ['de'])
  t.equal((await asAdmin({ method: 'DELETE', url: `${url}/de` })).statusCode, 204)
  const gone = await asAdmin({ url: `${url}/de` })
  t.equal(gone.statusCode, 404)
  t.equal(gone.json().code, 'BR_LOCALIZATION_LANGUAGE_NOT_FOUND')
})

t.test('a language code that exists is refused with 409 BR_LOCALIZATION_DUPLICATE', async t => {
  const duplicate = await asAdmin({ method: 'POST', url, payload: { code: 'fr', name: 'French again' } })
  t.equal(duplicate.statusCode, 409)
  t.equal(duplicate.json().code, 'BR_LOCALIZATION_DUPLICATE')
  t.equal((await asAdmin({ url: `${url}/fr` })).json().name, 'Français')
})

t.test('the default language can be neither deactivated nor deleted (409 BR_LOCALIZATION_DEFAULT_PROTECTED)', async t => {
  for (const change of [{ method: 'PATCH' as const, url: `${url}/en`, payload: { active: false } }, { method: 'DELETE' as const, url: `${url}/en` }]) {
    const refused = await asAdmin(change)
    t.equal(refused.statusCode, 409, change.method)
    t.equal(refused.json().code, 'BR_LOCALIZATION_DEFAULT_PROTECTED')
  }
  t.same((await asAdmin({ url: `${url}/en` })).json(), { code: 'en', name: 'English', active: true, isDefault: true })
})

t.test('make-default moves the default, after which the former default may be deactivated', async t => {
  const switched = await asAdmin({ method: 'POST', url: `${url}/fr/make-default` })
  t.equal(switched.statusCode, 200)
  t.same(switched.json(), { code: 'fr', name: 'Français', active: true, isDefault: true })
  t.same((await asAdmin({ url })).json().items.filter((l: { isDefault: boolean }) => l.isDefault).map((l: { code: string }) => l.code), ['fr'])
  t.equal((await asAdmin({ method: 'PATCH', url: `${url}/en`, payload: { active: false } })).statusCode, 200)
  t.equal((await asAdmin({ method: 'PATCH', url: `${url}/en`, payload: { active: true } })).statusCode, 200)
  t.equal((await asAdmin({ method: 'POST', url: `${url}/en/make-default` })).json().isDefault, true)
})

t.test('an inactive language cannot become the default (409 BR_LOCALIZATION_DEFAULT_INACTIVE)', async t => {
  await asAdmin({ method: 'POST', url, payload: { code: 'it', name: 'Italiano', active: false } })
  const refused = await asAdmin({ method: 'POST', url: `${url}/it/make-default` })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'BR_LOCALIZATION_DEFAULT_INACTIVE')
  t.equal((await asAdmin({ url: `${url}/en` })).json().isDefault, true)
})

t.test('make-default of an unknown language answers 404', async t => {
  const missing = await asAdmin({ method: 'POST', url: `${url}/xx/make-default` })
  t.equal(missing.statusCode, 404)
  t.equal(missing.json().code, 'BR_LOCALIZATION_LANGUAGE_NOT_FOUND')
})
