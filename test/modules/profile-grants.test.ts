import t from 'tap'
import { startPlatform } from '../helpers/platform.ts'
import { createEmployee, moduleAction, profilePermissions } from './support.ts'

t.test('SuperAdmin holds the permissions of modules installed after it was created', async t => {
  const platform = await startPlatform(t, { modules: ['hello'] })
  const superAdmin = { authorization: `Bearer ${platform.tokenFor(await createEmployee(platform.database.knex, 'SuperAdmin', 'boss@shop.test'))}` }
  t.equal((await platform.app.inject({ url: '/api/modules', headers: superAdmin })).statusCode, 200, 'signed in before the install')

  t.equal((await moduleAction(platform, 'hello', 'install')).statusCode, 200)
  t.equal((await platform.app.inject({ url: '/api/hello/greetings', headers: superAdmin })).statusCode, 200)
  t.equal((await platform.app.inject({ method: 'POST', url: '/api/hello/greetings', headers: superAdmin, payload: { text: 'hi' } })).statusCode, 201)
})

t.test('a default profile named in a permission declaration gets that permission at install, and only that one', async t => {
  const platform = await startPlatform(t, { modules: ['hello'] })
  const knex = platform.database.knex
  const salesman = { authorization: `Bearer ${platform.tokenFor(await createEmployee(knex, 'Salesman', 'sales@shop.test'))}` }
  const translator = { authorization: `Bearer ${platform.tokenFor(await createEmployee(knex, 'Translator', 'words@shop.test'))}` }
  // Both are signed in and known to the platform before the install.
  t.equal((await platform.app.inject({ url: '/api/modules', headers: salesman })).statusCode, 403)
  t.equal((await platform.app.inject({ url: '/api/modules', headers: translator })).statusCode, 403)

  t.equal((await moduleAction(platform, 'hello', 'install')).statusCode, 200)
  t.same(await profilePermissions(knex, 'Salesman', 'hello.'), ['hello.greetings.read'])
  t.same(await profilePermissions(knex, 'Translator', 'hello.'), [])
  t.equal((await platform.app.inject({ url: '/api/hello/greetings', headers: salesman })).statusCode, 200, 'the Salesman reads greetings at once')
  t.equal((await platform.app.inject({ method: 'POST', url: '/api/hello/greetings', headers: salesman, payload: { text: 'hi' } })).statusCode, 403, 'but may not write them')
  t.equal((await platform.app.inject({ url: '/api/hello/greetings', headers: translator })).statusCode, 403)
})
