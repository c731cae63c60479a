import { randomBytes } from 'node:crypto'

// The native addon is loaded at the first password checked or set, not at start-up.
let argon2: Promise<typeof import('argon2')> | undefined
const loadArgon2 = async (): Promise<typeof import('argon2')> => await (argon2 ??= import('argon2').then(loaded => loaded.default ?? loaded))

export async function hashPassword (password: string): Promise<string> {
  const { hash, argon2id } = await loadArgon2()
  return await hash(password, { type: argon2id })
}

let dummyHash: Promise<string> | undefined

/**
 * Whether the password matches the hash. Without a hash (an unknown email, an account without a
 * password) it is checked against a dummy one, so a refusal takes as long as for a known account.
 */
export async function verifyPassword (hash: string | null | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
  // Outside the try: an addon that cannot load is a failure of the platform, not a wrong password.
  const { verify } = await loadArgon2()
  try {
    const matched = await verify(hash ?? await dummyHash, password)
    return matched && hash !== null && hash !== undefined
  } catch {
    return false
  }
}

/** A password for the first SuperAdmin when none is configured: 24 characters, no look-alikes. */
export function generatePassword (): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'
  return [...randomBytes(24)].map(byte => alphabet[byte % alphabet.length]).join('')
}
