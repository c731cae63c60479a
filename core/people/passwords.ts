import argon2 from 'argon2'
import { randomBytes } from 'node:crypto'

export async function hashPassword (password: string): Promise<string> {
  return await argon2.hash(password, { type: argon2.argon2id })
}

export async function verifyPassword (hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password)
  } catch {
    return false
  }
}

/** A password for the first SuperAdmin when none is configured: 24 characters, no look-alikes. */
export function generatePassword (): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'
  return [...randomBytes(24)].map(byte => alphabet[byte % alphabet.length]).join('')
}
