import type { LanguageLifecycle } from '@backroom/localization/api.ts'
import type { Knex } from 'knex'

/**
 * Adds languages to product_listing (migration 20261202_001), filling their rows; the triggers
 * keep every listed language current from then on. EXCLUSIVE waits for the listing's writers and
 * holds off new ones, so that no product is written meanwhile without rows in the new language.
 */
export async function listLanguages (trx: Knex.Transaction, languages: string[]): Promise<void> {
  if (languages.length === 0) return
  await trx.raw('lock table catalog.product_listing_languages in exclusive mode')
  const added = await trx('catalog.product_listing_languages').insert(languages.map(language => ({ language }))).onConflict('language').ignore().returning('language')
  if (added.length > 0) await trx.raw('select catalog.refresh_product_listing(array(select id from catalog.products))')
}

/** Lists every language localization knows and the listing does not hold: those added while the catalog was disabled. */
export async function listMissingLanguages (trx: Knex.Transaction): Promise<void> {
  await listLanguages(trx, await trx('localization.languages')
    .whereNotIn('code', trx('catalog.product_listing_languages').select('language')).pluck('code'))
}

/**
 * The catalog's answer to localization's `localization.languages` extension point: a new
 * language is listed in the transaction that adds it, so that no category list in it has to.
 */
export const catalogLanguages: LanguageLifecycle = {
  async added (trx, code) {
    await listLanguages(trx, [code])
  }
}
