import type { LocalizationUsage } from '@backroom/localization/api.ts'
import type { Knex } from 'knex'

/**
 * The customers' answer to localization's `localization.usage` extension point: a language that
 * customers speak, or a country that addresses are in, is not deleted.
 */
export const customersUsage: LocalizationUsage = {
  async references (trx, target) {
    if (target.kind === 'language') return await count(trx('customers.customers').where({ language: target.code }))
    if (target.kind === 'country') return await count(trx('customers.addresses').where({ country_code: target.code }))
    return 0
  }
}

async function count (query: Knex.QueryBuilder): Promise<number> {
  const [{ count }] = await query.count({ count: '*' })
  return Number(count)
}
