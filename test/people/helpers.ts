import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import type { TestPlatform } from '../helpers/platform.ts'

export const STAFF_PASSWORD = 'a staff password that is long'

export interface Staff {
  id: number
  email: string
  password: string
  profileId: number
  /** An access token of this employee. */
  token: string
  /** app.inject as this employee unless headers say otherwise. */
  inject (options: InjectOptions): Promise<LightMyRequestResponse>
}

let sequence = 0

/** A profile holding exactly these permissions, created through the API as the SuperAdmin. */
export async function createProfile (platform: TestPlatform, permissions: string[], name = `profile ${++sequence}`): Promise<number> {
  const created = await platform.asAdmin({ method: 'POST', url: '/api/profiles', payload: { name, permissions } })
  if (created.statusCode !== 201) throw new Error(`profile not created: ${created.body}`)
  return created.json().id
}

/** An employee with a new profile holding exactly these permissions (or the given profile), created through the API. */
export async function createStaff (platform: TestPlatform, options: { permissions?: string[], profileId?: number, email?: string } = {}): Promise<Staff> {
  const profileId = options.profileId ?? await createProfile(platform, options.permissions ?? [])
  const email = options.email ?? `staff${++sequence}@shop.test`
  const created = await platform.asAdmin({
    method: 'POST',
    url: '/api/employees',
    payload: { email, firstName: 'Sam', lastName: 'Staff', password: STAFF_PASSWORD, profileId }
  })
  if (created.statusCode !== 201) throw new Error(`employee not created: ${created.body}`)
  const id: number = created.json().id
  const token = platform.tokenFor(id)
  return {
    id,
    email,
    password: STAFF_PASSWORD,
    profileId,
    token,
    inject: async options => await platform.app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } })
  }
}

export async function login (platform: TestPlatform, body: Record<string, unknown>, remoteAddress = '127.0.0.1'): Promise<LightMyRequestResponse> {
  return await platform.app.inject({ method: 'POST', url: '/api/auth/login', payload: body, remoteAddress })
}

/** The claims of a JWT, read without verifying it. */
export function claimsOf (token: string): { iat: number, exp: number, sub: string } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'))
}
