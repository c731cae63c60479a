import type { AuditRepository } from '../audit/audit-repository.ts'
import type { Database } from '../db/database.ts'
import type { ModuleService } from '../modules/module-service.ts'
import type { PeopleServices } from '../people/people-services.ts'
import type { PrincipalResolver } from '../people/principal.ts'

/** What the core's routes reach through `fastify.services`; built once per process. */
export interface CoreServices extends PeopleServices {
  db: Database
  modules: ModuleService
  audit: AuditRepository
  principals: PrincipalResolver
  /** Resolves when migrations are done and the module set is mounted. */
  isReady: () => boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    services: CoreServices
  }
}
