import type { FastifyPluginAsync } from 'fastify'
import { apiKeyRoutes } from './api-keys.ts'
import { auditRoutes } from './audit.ts'
import { authRoutes } from './auth.ts'
import { employeeRoutes } from './employees.ts'
import { healthRoutes } from './health.ts'
import { meRoutes } from './me.ts'
import { moduleRoutes } from './modules.ts'
import { permissionRoutes } from './permissions.ts'
import { profileRoutes } from './profiles.ts'

/** The core's own routes; each file holds one area. */
export const coreRoutes: FastifyPluginAsync = async app => {
  await app.register(healthRoutes)
  await app.register(moduleRoutes)
  await app.register(authRoutes)
  await app.register(meRoutes)
  await app.register(employeeRoutes)
  await app.register(profileRoutes)
  await app.register(permissionRoutes)
  await app.register(apiKeyRoutes)
  await app.register(auditRoutes)
}
