import type { FastifyPluginAsync } from 'fastify'
import Type from 'typebox'
import { responses } from '../schemas.ts'

const Health = Type.Object({ status: Type.String(), database: Type.Optional(Type.String()) })

/** Liveness (the process answers) and readiness (database reachable, migrations done, modules mounted). */
export const healthRoutes: FastifyPluginAsync = async app => {
  app.get('/health/live', { config: { public: true }, schema: { tags: ['health'], response: responses({ 200: Health }) } }, async () => ({ status: 'ok' }))
  app.get('/health/ready', { config: { public: true }, schema: { tags: ['health'], response: responses({ 200: Health, 503: Health }) } }, async (_request, reply) => {
    try {
      await app.services.db.knex.raw('select 1')
    } catch {
      return await reply.status(503).send({ status: 'unavailable', database: 'unreachable' })
    }
    if (!app.services.isReady()) return await reply.status(503).send({ status: 'starting', database: 'ok' })
    return { status: 'ok', database: 'ok' }
  })
}
