import type { Knex } from 'knex'
import { defineExtension } from 'backroom'
import type { Country, Currency, Language, PostcodeCheck, TaxRateMatch } from './schemas.ts'
import { createServices } from './services/index.ts'
import { checkPostcode, unknownCountryCheck } from './services/postcodes.ts'

export type { Country, Currency, Language, PostcodeCheck, TaxRateMatch } from './schemas.ts'
export type { LanguageLifecycle } from './services/language-lifecycle.ts'
export type { LocalizationUsage, ReferenceTarget } from './services/references.ts'

/**
 * What other modules read from localization. Every method takes an optional transaction, so a
 * dependent module can read within its own write (a product checks its tax rule as it saves).
 */
export interface LocalizationApi {
  getDefaultLanguage (trx?: Knex): Promise<Language>
  getDefaultCurrency (trx?: Knex): Promise<Currency>
  getLanguage (code: string, trx?: Knex): Promise<Language | undefined>
  getCurrency (code: string, trx?: Knex): Promise<Currency | undefined>
  getCountry (code: string, trx?: Knex): Promise<Country | undefined>
  /** `reason: 'country_unknown'` when the country does not exist. */
  checkPostcode (country: string, postcode: string, trx?: Knex): Promise<PostcodeCheck>
  /** The percent rate (exact decimal string) of a tax rule for a destination; undefined when the rule has no line for it. */
  taxRateFor (ruleId: number, country: string, region?: string, trx?: Knex): Promise<TaxRateMatch | undefined>
}

/** The `localization.service` extension point's implementation, built with localization's own context. */
export const localizationApi = defineExtension<LocalizationApi>(localization => {
  const services = createServices(localization.db, point => localization.extensions(point))
  return {
    getDefaultLanguage: async trx => await services.languages.findDefault(trx) ?? missingDefault('language'),
    getDefaultCurrency: async trx => await services.currencies.findDefault(trx) ?? missingDefault('currency'),
    getLanguage: async (code, trx) => await services.languages.find(code, trx),
    getCurrency: async (code, trx) => await services.currencies.find(code, trx),
    getCountry: async (code, trx) => await services.countries.find(code, trx),
    async checkPostcode (code, postcode, trx) {
      const country = await services.countries.find(code, trx)
      return country === undefined ? unknownCountryCheck(code, postcode) : checkPostcode(country, postcode)
    },
    taxRateFor: async (ruleId, country, region, trx) => await services.taxes.rateFor(ruleId, country, region, trx)
  }
})

// The install seeds both defaults and neither can be deleted: reaching this is a broken database.
function missingDefault (what: string): never {
  throw new Error(`localization has no default ${what}`)
}
