import type { FastifyInstance } from 'fastify'
import { ACCESS_AUDIENCE } from '../http/route-guard.ts'

/** A short-lived JWT for an employee; staff routes accept only this audience and type. */
export function signAccessToken (app: FastifyInstance, employeeId: number): string {
  return app.jwt.sign({ sub: String(employeeId), typ: 'access' }, { aud: ACCESS_AUDIENCE } as never)
}
