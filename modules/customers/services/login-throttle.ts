import type { Knex } from 'knex'
import { customersErrors } from '../errors.ts'

const ATTEMPTS = 'customers.login_attempts'

export interface ThrottleLimit { max: number, windowSeconds: number }

/**
 * Fixed-window counters of shop login attempts, kept in the database so every process sharing it
 * agrees, and timed by the database's clock. The core keeps such counters for employee logins
 * but does not offer them to modules.
 */
export class LoginThrottle {
  constructor (private readonly db: Knex) {}

  /** Counts one attempt on a key; past `max` in the window, refuses it with 429 and Retry-After. */
  async hit (key: string, limit: ThrottleLimit): Promise<void> {
    await this.db(ATTEMPTS).where('expires_at', '<', this.db.fn.now()).delete()
    const { rows } = await this.db.raw(`
      insert into ${ATTEMPTS} as counter (key, hits, expires_at)
      values (?, 1, now() + ? * interval '1 second')
      on conflict (key) do update set
        hits = case when counter.expires_at <= now() then 1 else counter.hits + 1 end,
        expires_at = case when counter.expires_at <= now() then excluded.expires_at else counter.expires_at end
      returning hits, greatest(1, ceil(extract(epoch from counter.expires_at - now())))::integer as retry_after`, [key, limit.windowSeconds])
    if (rows[0].hits <= limit.max) return
    const retryAfter = String(rows[0].retry_after)
    throw Object.assign(new customersErrors.BR_CUSTOMERS_LOGIN_RATE_LIMITED(retryAfter), { headers: { 'retry-after': retryAfter } })
  }

  /** Forgets a key's attempts, as when a login succeeds: only consecutive failures count against an email. */
  async clear (key: string, trx?: Knex.Transaction): Promise<void> {
    await (trx ?? this.db)(ATTEMPTS).where({ key }).delete()
  }
}

export const emailKey = (email: string): string => `email:${email.toLowerCase()}`
export const ipKey = (ip: string): string => `ip:${ip}`
