import type { FastifyPluginAsync } from 'fastify'
import { healthRoutes } from './health.ts'
import { moduleRoutes } from './modules.ts'

/** The core's own routes; each file holds one area. */
export const coreRoutes: FastifyPluginAsync = async app => {
  await app.register(healthRoutes)
  await app.register(moduleRoutes)
}
