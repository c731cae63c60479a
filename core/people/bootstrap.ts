import type { Knex } from 'knex'
import type { Config } from '../config.ts'
import { EmployeeRepository } from './employee-repository.ts'
import { generatePassword, hashPassword } from './passwords.ts'
import { ProfileRepository } from './profile-repository.ts'

export const DEFAULT_ADMIN_EMAIL = 'admin@backroom.local'

/**
 * Creates the first SuperAdmin when there is no employee yet, from the configured email and
 * password or with a generated password that is told once. Returns whether this was the first start.
 */
export async function bootstrapFirstAdmin (trx: Knex.Transaction, config: Config, announce: (message: string) => void): Promise<boolean> {
  const employees = new EmployeeRepository(trx)
  if (await employees.count() > 0) return false
  const superAdmin = (await new ProfileRepository(trx).findByName('SuperAdmin'))!
  const email = config.BACKROOM_ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL
  const password = config.BACKROOM_ADMIN_PASSWORD ?? generatePassword()
  await employees.insert({ email, firstName: 'Shop', lastName: 'Administrator', passwordHash: await hashPassword(password), profileId: superAdmin.id })
  if (config.BACKROOM_ADMIN_PASSWORD === undefined) {
    announce(`First SuperAdmin created: ${email} with password ${password} (shown once: write it down, then change it)`)
  }
  return true
}
