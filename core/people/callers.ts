import type { FastifyRequest } from 'fastify'
import { coreErrors } from '../errors/index.ts'
import type { Principal } from './principal.ts'

/**
 * Who calls a guarded route, as the route guard resolved it. Never null there; refusing rather
 * than passing null on matters, because services read a null actor as the operator at the CLI.
 */
export function callerOf (request: FastifyRequest): Principal {
  if (request.principal === null) throw new coreErrors.BR_UNAUTHENTICATED('An access token or API key is required')
  return request.principal
}

/** The calling employee's id, for routes about one's own account, which an API key does not have. */
export function callingEmployeeId (request: FastifyRequest): number {
  const caller = callerOf(request)
  if (caller.type !== 'employee') throw new coreErrors.BR_EMPLOYEE_ONLY()
  return caller.id
}
