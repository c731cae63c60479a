import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto'

/** Authenticated encryption (AES-256-GCM) with a key derived from the platform secret per purpose. */
export class SecretBox {
  readonly #key: Buffer

  constructor (secret: string, purpose: string) {
    this.#key = Buffer.from(hkdfSync('sha256', secret, 'backroom', purpose, 32))
  }

  seal (plaintext: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv)
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.')
  }

  open (sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.')
    if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) throw new Error('not a sealed value')
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
  }
}

/** Tokens and API keys are stored as their SHA-256: they are long random strings, not passwords. */
export function hashToken (token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export function randomToken (bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}
