import argon2 from 'argon2'
import { randomBytes } from 'node:crypto'

export async function hashPassword (password: string): Promise<string> {
  return await argon2.hash(password, { type: argon2.argon2id })
}

let dummyHash: Promise<string> | undefined

/**
 * Whether the password matches the hash. Without a hash (an unknown email, an account without a
 * password) it is checked against a dummy one, so a refusal takes as long as for a known account.
 */
export async function verifyPassword (hash: string | null | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
  try {
    const matched = await argon2.verify(hash ?? await dummyHash, password)
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
