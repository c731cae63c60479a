import t from 'tap'
import { startLocalization } from './helpers.ts'

const { asAdmin, shop } = await startLocalization(t)
const knex = shop.database.knex
const schemaExists = async (): Promise<boolean> => (await knex('information_schema.schemata').where({ schema_name: 'localization' }).first()) !== undefined
const permissions = async (): Promise<string[]> => await knex.withSchema('core').from('permissions').where({ module: 'localization' }).orderBy('key').pluck('key')

t.test('install registers ten permissions and grants the reads to every default profile', async t => {
  t.equal((await permissions()).length, 10)
  const granted = await knex.withSchema('core').from('profile_permissions as pp').join('profiles as p', 'p.id', 'pp.profile_id')
    .where('pp.permission', 'like', 'localization.%').orderBy(['p.name', 'pp.permission']).select('p.name', 'pp.permission')
  const reads = ['countries', 'currencies', 'languages', 'taxes', 'zones'].map(aggregate => `localization.${aggregate}.read`)
  t.same(granted, ['Logistician', 'Salesman', 'Translator'].flatMap(name => reads.map(permission => ({ name, permission }))))
})

t.test('uninstall drops the localization schema, its permissions and its routes', async t => {
  t.ok(await schemaExists())
  await asAdmin({ method: 'PATCH', url: '/api/localization/countries/FR', payload: { name: 'République française' } })
  const uninstalled = await asAdmin({ method: 'POST', url: '/api/modules/localization/uninstall', payload: { confirm: 'localization' } })
  t.equal(uninstalled.statusCode, 200)
  t.equal(uninstalled.json().state, 'available')
  t.notOk(await schemaExists())
  t.same(await permissions(), [])
  t.equal(await knex.withSchema('core').from('profile_permissions').where('permission', 'like', 'localization.%').count({ count: '*' }).first().then(row => Number(row?.count)), 0)
  t.equal((await asAdmin({ url: '/api/localization/languages' })).statusCode, 404)
})

t.test('installing again starts from the defaults', async t => {
  t.equal((await asAdmin({ method: 'POST', url: '/api/modules/localization/install' })).statusCode, 200)
  t.equal((await asAdmin({ url: '/api/localization/countries/FR' })).json().name, 'France')
  t.equal((await asAdmin({ url: '/api/localization/currencies' })).json().items.length, 4)
})
