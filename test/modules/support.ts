import type { Knex } from 'knex'
import type { DefaultProfileName } from '../../core/modules/contract.ts'
import { EmployeeRepository } from '../../core/people/employee-repository.ts'
import { hashPassword } from '../../core/people/passwords.ts'
import { ProfileRepository } from '../../core/people/profile-repository.ts'
import type { TestPlatform } from '../helpers/platform.ts'

/** An active employee with one of the default profiles, written straight through the repositories. */
export async function createEmployee (knex: Knex, profile: DefaultProfileName, email: string): Promise<number> {
  const { id: profileId } = (await new ProfileRepository(knex).findByName(profile))!
  const employee = await new EmployeeRepository(knex).insert({
    email, firstName: profile, lastName: 'Tester', passwordHash: await hashPassword('a long enough password'), profileId
  })
  return employee.id
}

export async function schemaExists (knex: Knex, schema: string): Promise<boolean> {
  const row = await knex.from('information_schema.schemata').where({ schema_name: schema }).first('schema_name')
  return row !== undefined
}

export async function tableExists (knex: Knex, schema: string, table: string): Promise<boolean> {
  const row = await knex.from('information_schema.tables').where({ table_schema: schema, table_name: table }).first('table_name')
  return row !== undefined
}

/** Permission keys a default profile holds, among those starting with the prefix. */
export async function profilePermissions (knex: Knex, profile: DefaultProfileName, prefix: string): Promise<string[]> {
  return await knex.withSchema('core').from('profile_permissions as pp').join('profiles as p', 'p.id', 'pp.profile_id')
    .where('p.name', profile).andWhere('pp.permission', 'like', `${prefix}%`).orderBy('pp.permission').pluck('pp.permission')
}

export async function modulePermissions (knex: Knex, module: string): Promise<string[]> {
  return await knex.withSchema('core').from('permissions').where({ module }).orderBy('key').pluck('key')
}

/** What a failed change must leave untouched: every schema, permission and grant in the database. */
export async function databaseOutline (knex: Knex): Promise<{ schemas: string[], permissions: string[], grants: string[] }> {
  const schemas: string[] = await knex.from('information_schema.schemata').orderBy('schema_name').pluck('schema_name')
  const permissions: string[] = await knex.withSchema('core').from('permissions').orderBy('key').pluck('key')
  const grants: Array<{ profile_id: number, permission: string }> = await knex.withSchema('core').from('profile_permissions').orderBy(['profile_id', 'permission'])
  return { schemas, permissions, grants: grants.map(grant => `${grant.profile_id}:${grant.permission}`) }
}

/** Installs through the API whichever of the modules are not installed yet, in the order given. */
export async function ensureInstalled (platform: TestPlatform, names: string[]): Promise<void> {
  for (const name of names) {
    const { installedVersion } = (await platform.asAdmin({ url: `/api/modules/${name}` })).json()
    if (installedVersion === null) {
      const response = await platform.asAdmin({ method: 'POST', url: `/api/modules/${name}/install` })
      if (response.statusCode !== 200) throw new Error(`installing ${name} answered ${response.statusCode}: ${response.body}`)
    }
  }
}

/** POST /api/modules/:name/:action as the first SuperAdmin. */
export async function moduleAction (platform: TestPlatform, name: string, action: string, payload?: unknown) {
  return await platform.asAdmin({ method: 'POST', url: `/api/modules/${name}/${action}`, ...(payload === undefined ? {} : { payload: payload as object }) })
}
