import { hkdfSync } from 'node:crypto'
import { createSigner, createVerifier } from 'fast-jwt'

/** Signed tokens a module issues to its own callers (a shop's customers), never valid for staff routes. */
export interface ModuleTokens {
  /** A JWT carrying `claims`, for `expiresInSeconds`; `sub` is the usual place for the caller's id. */
  sign (claims: Record<string, unknown>, options: { expiresInSeconds: number }): string
  /** The claims of a token this module signed, or null when it is forged, expired or another module's. */
  verify (token: string): Record<string, unknown> | null
}

export const moduleTokenAudience = (module: string): string => `backroom:module:${module}`

/**
 * Each module signs with a key of its own, derived from the platform secret, and its own
 * audience: a token of one module verifies neither as a staff access token nor as another
 * module's, even if a verifier forgot to check the audience.
 */
export function createModuleTokens (platformSecret: string, module: string): ModuleTokens {
  const key = Buffer.from(hkdfSync('sha256', platformSecret, 'backroom', `module-tokens:${module}`, 32))
  const audience = moduleTokenAudience(module)
  const verifier = createVerifier({ key, algorithms: ['HS256'], allowedAud: audience, cache: true })
  const signers = new Map<number, (claims: Record<string, unknown>) => string>()
  return {
    sign (claims, { expiresInSeconds }) {
      let signer = signers.get(expiresInSeconds)
      if (signer === undefined) {
        signer = createSigner({ key, algorithm: 'HS256', aud: audience, expiresIn: expiresInSeconds * 1000 })
        signers.set(expiresInSeconds, signer)
      }
      return signer(claims)
    },
    verify (token) {
      try {
        return verifier(token) as Record<string, unknown>
      } catch {
        return null
      }
    }
  }
}
