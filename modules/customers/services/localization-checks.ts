import type { LocalizationApi } from '@backroom/localization/api.ts'
import { withDetails } from 'backroom'
import type { Knex } from 'knex'
import { customersErrors } from '../errors.ts'

/** What customers ask the localization module they require, through its `localization.service` API. */
export class LocalizationChecks {
  #api: LocalizationApi | undefined

  /** `provide` is called at first use: while an app is being built, its extension points are not all listed yet. */
  constructor (private readonly provide: () => LocalizationApi) {}

  private get api (): LocalizationApi {
    this.#api ??= this.provide()
    return this.#api
  }

  async defaultLanguage (trx?: Knex): Promise<string> {
    return (await this.api.getDefaultLanguage(trx)).code
  }

  async assertLanguage (code: string, trx?: Knex): Promise<void> {
    const language = await this.api.getLanguage(code, trx)
    if (language === undefined || !language.active) throw withDetails(new customersErrors.BR_CUSTOMERS_UNKNOWN_LANGUAGE(code), { field: 'language' })
  }

  /** The postcode as localization normalizes it, once the country is known, active and the postcode fits its format. */
  async checkedPostcode (countryCode: string, postcode: string, trx?: Knex): Promise<string> {
    const country = await this.api.getCountry(countryCode, trx)
    if (country === undefined || !country.active) throw withDetails(new customersErrors.BR_CUSTOMERS_UNKNOWN_COUNTRY(countryCode), { field: 'countryCode' })
    const check = await this.api.checkPostcode(countryCode, postcode, trx)
    if (check.valid) return check.postcode
    const message = check.reason === 'required'
      ? `A postcode is required for an address in ${countryCode}`
      : `Postcode "${check.postcode}" does not match the format of ${countryCode}`
    throw withDetails(new customersErrors.BR_CUSTOMERS_INVALID_POSTCODE(message), { field: 'postcode', reason: check.reason, pattern: check.pattern })
  }
}
