import type { Knex } from 'knex'
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'

type IncrementCallback = Parameters<FastifyRateLimitStore['incr']>[1]

/**
 * Counts one hit on a key in a fixed window, atomically: the first hit (or the first after the
 * window ran out) starts a new window. Time is the database's, so every process agrees.
 */
async function countHit (knex: Knex, key: string, windowMs: number): Promise<{ current: number, ttl: number }> {
  await knex.withSchema('core').from('rate_limits').where('expires_at', '<', knex.fn.now()).delete()
  const { rows } = await knex.raw(`
    insert into core.rate_limits as counter (key, hits, expires_at)
    values (?, 1, now() + ? * interval '1 millisecond')
    on conflict (key) do update set
      hits = case when counter.expires_at <= now() then 1 else counter.hits + 1 end,
      expires_at = case when counter.expires_at <= now() then excluded.expires_at else counter.expires_at end
    returning hits, greatest(0, extract(epoch from counter.expires_at - now()) * 1000)::float8 as ttl`, [key, windowMs])
  return { current: rows[0].hits, ttl: Math.ceil(rows[0].ttl) }
}

/**
 * A @fastify/rate-limit store kept in PostgreSQL, so every process on one database shares the
 * counters (the plugin's own store lives in process memory). Keys carry their own namespace.
 */
export function postgresRateLimitStore (knex: Knex): FastifyRateLimitStoreCtor {
  return class PostgresRateLimitStore implements FastifyRateLimitStore {
    incr (key: string, callback: IncrementCallback, timeWindow: number): void {
      countHit(knex, key, timeWindow).then(result => { callback(null, result) }, (error: Error) => { callback(error) })
    }

    child (): FastifyRateLimitStore {
      return this
    }
  }
}

/** Forgets a key's hits, as when a login succeeds: only consecutive failures count against an account. */
export async function clearRateLimit (knex: Knex, key: string): Promise<void> {
  await knex.withSchema('core').from('rate_limits').where({ key }).delete()
}
