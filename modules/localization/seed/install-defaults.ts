import type { Knex } from 'knex'
import type { LocalizationServices } from '../services/index.ts'
import { COUNTRIES, CURRENCIES, DEFAULT_CURRENCY, DEFAULT_LANGUAGE, LANGUAGES, STANDARD_RATE_RULE, ZONES } from './defaults.ts'

/** Loads the defaults through the services, in the install transaction: they obey the same rules as any edit. */
export async function installDefaults (services: LocalizationServices, trx: Knex.Transaction): Promise<void> {
  for (const language of LANGUAGES) await services.languages.create(language, trx)
  await services.languages.makeDefault(DEFAULT_LANGUAGE, trx)
  for (const currency of CURRENCIES) await services.currencies.create(currency, trx)
  await services.currencies.makeDefault(DEFAULT_CURRENCY, trx)
  const zoneIds = new Map<string, number>()
  for (const name of ZONES) zoneIds.set(name, (await services.zones.create({ name }, trx)).id)
  for (const { code, name, zone, needsPostcode, postcodePattern } of COUNTRIES) {
    await services.countries.create({ code, name, zoneId: zoneIds.get(zone)!, needsPostcode, postcodePattern }, trx)
  }
  await services.taxes.create({
    name: STANDARD_RATE_RULE,
    rates: COUNTRIES.filter(country => country.vat !== undefined).map(country => ({ country: country.code, rate: country.vat! }))
  }, trx)
}
