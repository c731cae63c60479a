import type { Knex } from 'knex'
import { CountryService } from './countries.ts'
import { CurrencyService } from './currencies.ts'
import { LanguageService } from './languages.ts'
import type { UsageSource } from './references.ts'
import { TaxService } from './taxes.ts'
import { ZoneService } from './zones.ts'

export interface LocalizationServices {
  languages: LanguageService
  currencies: CurrencyService
  zones: ZoneService
  countries: CountryService
  taxes: TaxService
}

/** One service per aggregate over the shared knex; `usages` lists the dependents to ask before a deletion. */
export function createServices (db: Knex, usages: UsageSource): LocalizationServices {
  const zones = new ZoneService(db, usages)
  const countries = new CountryService(db, zones, usages)
  return {
    languages: new LanguageService(db, usages),
    currencies: new CurrencyService(db, usages),
    zones,
    countries,
    taxes: new TaxService(db, countries, usages)
  }
}
