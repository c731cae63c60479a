import type { Knex } from 'knex'
import { CountryService } from './countries.ts'
import { CurrencyService } from './currencies.ts'
import { LanguageService } from './languages.ts'
import type { LanguageLifecycle } from './language-lifecycle.ts'
import type { LocalizationUsage, UsageSource } from './references.ts'
import { TaxService } from './taxes.ts'
import { ZoneService } from './zones.ts'

export interface LocalizationServices {
  languages: LanguageService
  currencies: CurrencyService
  zones: ZoneService
  countries: CountryService
  taxes: TaxService
}

/** The modules extending one of localization's extension points, as ModuleContext.extensions lists them. */
export type Dependents = <T>(point: string) => Array<{ module: string, implementation: T }>

/**
 * One service per aggregate over the shared knex. The dependents are asked before a deletion
 * (`localization.usage`) and told of a new language (`localization.languages`).
 */
export function createServices (db: Knex, dependents: Dependents): LocalizationServices {
  const usages: UsageSource = () => dependents<LocalizationUsage>('localization.usage')
  const zones = new ZoneService(db, usages)
  const countries = new CountryService(db, zones, usages)
  return {
    languages: new LanguageService(db, usages, () => dependents<LanguageLifecycle>('localization.languages')),
    currencies: new CurrencyService(db, usages),
    zones,
    countries,
    taxes: new TaxService(db, countries, usages)
  }
}
