import type { Config } from '../config.ts'
import type { Database } from '../db/database.ts'
import { AccessChanges } from './access-changes.ts'
import { ApiKeyService } from './api-key-service.ts'
import { AuthService } from './auth-service.ts'
import { EmployeeService } from './employee-service.ts'
import type { PrincipalResolver } from './principal.ts'
import { ProfileService } from './profile-service.ts'
import { TwoFactorService } from './two-factor.ts'

export interface PeopleServices {
  auth: AuthService
  twoFactor: TwoFactorService
  employees: EmployeeService
  profiles: ProfileService
  apiKeys: ApiKeyService
}

/** The services for people, sessions and permissions, sharing one way of announcing access changes. */
export function createPeopleServices (options: { db: Database, principals: PrincipalResolver, config: Config, platformSecret: string }): PeopleServices {
  const { db, config } = options
  const changes = new AccessChanges(db, options.principals)
  const twoFactor = new TwoFactorService(db.knex, changes, options.platformSecret)
  return {
    auth: new AuthService(db.knex, changes, twoFactor, {
      accessTokenTtl: config.BACKROOM_ACCESS_TOKEN_TTL,
      refreshTokenTtl: config.BACKROOM_REFRESH_TOKEN_TTL,
      login: { maxPerAccount: config.BACKROOM_LOGIN_MAX_PER_ACCOUNT, maxPerIp: config.BACKROOM_LOGIN_MAX_PER_IP, windowSeconds: config.BACKROOM_LOGIN_WINDOW }
    }),
    twoFactor,
    employees: new EmployeeService(db.knex, changes),
    profiles: new ProfileService(db.knex, changes),
    apiKeys: new ApiKeyService(db.knex, changes)
  }
}
