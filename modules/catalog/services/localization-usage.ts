import type { LocalizationUsage } from '@backroom/localization/api.ts'
import type { Knex } from 'knex'

const TRANSLATION_TABLES = ['category_translations', 'product_translations', 'attribute_group_translations', 'attribute_value_translations', 'image_translations']

/**
 * The catalog's answer to localization's `localization.usage` extension point: a language with
 * catalog texts, a currency that prices products, or a tax rule that products use is not deleted.
 */
export const catalogUsage: LocalizationUsage = {
  async references (trx, target) {
    if (target.kind === 'language') {
      let total = 0
      for (const table of TRANSLATION_TABLES) total += await count(trx(`catalog.${table}`).where({ language: target.code }))
      return total
    }
    if (target.kind === 'currency') return await count(trx('catalog.products').where({ currency: target.code }))
    if (target.kind === 'taxRule') return await count(trx('catalog.products').where({ tax_rule_id: target.id }))
    return 0
  }
}

async function count (query: Knex.QueryBuilder): Promise<number> {
  const [{ count }] = await query.count({ count: '*' })
  return Number(count)
}
