import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { NextCursor, PageQuery } from '../../people/people-schemas.ts'
import { responses } from '../schemas.ts'

const ActorType = Type.Union([Type.Literal('employee'), Type.Literal('api_key')])
const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorType: ActorType,
  actorId: Type.Integer(),
  actorLabel: Type.String(),
  module: Type.String(),
  action: Type.String({ description: 'Method and route, such as PATCH /api/employees/:id' }),
  target: Type.Union([Type.String(), Type.Null()], { description: 'The route parameters, such as the id changed' }),
  query: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
    description: 'The query string parameters as the route validated them, such as an export\'s filters; null when there were none. ' +
      'Secret ones (tokens, passwords, keys) read [Redacted]; a string value past 200 characters is cut and ends with …; ' +
      'parameters that would take the whole past 2 KiB of JSON are left out, and "…" counts them'
  }),
  status: Type.Integer({ description: 'HTTP status of the answer' }),
  requestId: Type.Union([Type.String(), Type.Null()])
})
const AuditQuery = Type.Object({
  module: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  actorType: Type.Optional(ActorType),
  actorId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Entries at or after this moment' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Entries before this moment' })),
  ...PageQuery
}, { additionalProperties: false })

/** /api/audit: every mutating request made by an employee or API key, newest first. */
export const auditRoutes: FastifyPluginAsync = async base => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  app.get('/api/audit', {
    config: { permission: 'core.audit.read' },
    schema: { tags: ['audit'], summary: 'Read the audit log, newest first, a page at a time', querystring: AuditQuery, response: responses({ 200: Type.Object({ items: Type.Array(AuditEntry), nextCursor: NextCursor }) }) }
  }, async request => {
    const { cursor, ...filter } = request.query
    return await app.services.audit.list({ ...filter, before: cursor })
  })
}
