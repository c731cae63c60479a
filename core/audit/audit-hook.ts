import type { FastifyInstance } from 'fastify'
import type { AuditRepository } from './audit-repository.ts'
import { recordedQuery, storable } from './recorded-query.ts'

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function targetOf (params: unknown): string | null {
  const values = Object.values((params ?? {}) as Record<string, unknown>).filter(value => value !== undefined && value !== '')
  return values.length === 0 ? null : storable(values.map(String).join('/'))
}

/**
 * Every mutating request made by an employee or API key lands in the audit log, whatever its
 * outcome, and so does every request to a route whose config asks for it (`audit: true`);
 * written before the response leaves, so a client that got an answer finds the entry.
 */
export function installAuditHook (app: FastifyInstance, audit: AuditRepository): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const principal = request.principal
    if (principal === null || !(MUTATING.has(request.method) || request.routeOptions.config.audit === true)) return payload
    try {
      await audit.record({
        actorType: principal.type,
        actorId: principal.id,
        actorLabel: principal.label,
        module: request.routeOptions.config.module ?? 'core',
        action: `${request.method} ${request.routeOptions.url ?? request.url}`,
        target: targetOf(request.params),
        query: recordedQuery(request.query),
        status: reply.statusCode,
        requestId: request.id
      })
    } catch (error) {
      request.log.error({ err: error }, 'audit entry not written')
    }
    return payload
  })
}
