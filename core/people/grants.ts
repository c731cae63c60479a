import { coreErrors } from '../errors/index.ts'
import { holds, type Principal } from './principal.ts'

/**
 * Nobody hands out rights they lack: creating an API key, adding permissions to a profile and
 * giving an employee a profile all need the actor to hold every permission granted; `everything`
 * (the SuperAdmin profile, including permissions of modules installed later) only an actor
 * holding every permission may grant. A null actor is the operator at the command line.
 */
export function assertMayGrant (actor: Principal | null, permissions: readonly string[], everything = false): void {
  if (actor === null || actor.permissions === 'all') return
  if (everything) throw new coreErrors.BR_PERMISSION_NOT_HELD('every permission (SuperAdmin)')
  const missing = permissions.find(permission => !holds(actor, permission))
  if (missing !== undefined) throw new coreErrors.BR_PERMISSION_NOT_HELD(missing)
}
