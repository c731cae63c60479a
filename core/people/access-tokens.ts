import type { FastifyInstance } from 'fastify'

export const ACCESS_AUDIENCE = 'backroom:staff'
/** Tokens remembered at most; past it the oldest is forgotten and verified again when it returns. */
const REMEMBERED_TOKENS = 10_000

/** A short-lived JWT for an employee; staff routes accept only this audience and type. */
export function signAccessToken (app: FastifyInstance, employeeId: number): string {
  return app.jwt.sign({ sub: String(employeeId), typ: 'access' }, { aud: ACCESS_AUDIENCE } as never)
}

/**
 * Verifies staff access tokens once each and remembers the employee a valid one names until it
 * expires: every staff request carries one, and verifying it (signature and, with the JWT
 * plugin's own cache, a SHA-512 of the token as the cache key) was most of the route guard's cost.
 * Whether the employee may still act is the principal resolver's business, not the token's.
 */
export class AccessTokenVerifier {
  readonly #verified = new Map<string, { employeeId: number, expiresAtMs: number }>()

  constructor (private readonly app: FastifyInstance) {}

  /** The employee id a valid staff access token names, or null. */
  employeeOf (token: string): number | null {
    const remembered = this.#verified.get(token)
    if (remembered !== undefined) {
      if (remembered.expiresAtMs > Date.now()) return remembered.employeeId
      this.#verified.delete(token)
    }
    let claims: { sub?: unknown, typ?: unknown, aud?: unknown, exp?: unknown }
    try {
      claims = this.app.jwt.verify(token)
    } catch {
      return null
    }
    const audience = claims.aud
    if (claims.typ !== 'access' || !(audience === ACCESS_AUDIENCE || (Array.isArray(audience) && audience.includes(ACCESS_AUDIENCE)))) return null
    const employeeId = Number(claims.sub)
    if (!Number.isSafeInteger(employeeId)) return null
    if (typeof claims.exp === 'number') this.remember(token, employeeId, claims.exp * 1000)
    return employeeId
  }

  private remember (token: string, employeeId: number, expiresAtMs: number): void {
    if (this.#verified.size >= REMEMBERED_TOKENS) this.#verified.delete(this.#verified.keys().next().value!)
    this.#verified.set(token, { employeeId, expiresAtMs })
  }
}
