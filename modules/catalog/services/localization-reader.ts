import type { LocalizationApi } from '@backroom/localization/api.ts'
import type { Knex } from 'knex'
import { catalogErrors } from '../errors.ts'

/**
 * What the catalog reads from the localization module it requires: through its
 * `localization.service` API where it offers the answer, and from its tables (read-only, as the
 * architecture allows for a required module) for the list of languages and tax rule ids.
 */
export class LocalizationReader {
  #api: LocalizationApi | undefined

  /** `provide` is called at first use: while an app is being built, its extension points are not all listed yet. */
  constructor (private readonly db: Knex, private readonly provide: () => LocalizationApi) {}

  private get api (): LocalizationApi {
    this.#api ??= this.provide()
    return this.#api
  }

  /** Every language code, for the text columns of the CSV. */
  async languageCodes (trx?: Knex.Transaction): Promise<string[]> {
    return await (trx ?? this.db)('localization.languages').orderBy('code').pluck('code')
  }

  async defaultLanguage (trx?: Knex.Transaction): Promise<string> {
    return (await this.api.getDefaultLanguage(trx)).code
  }

  /** Refuses texts keyed by a language the localization module does not know. */
  async assertKnownLanguages (codes: Iterable<string>, trx?: Knex.Transaction): Promise<void> {
    for (const code of codes) {
      if (await this.api.getLanguage(code, trx) === undefined) throw new catalogErrors.BR_CATALOG_UNKNOWN_LANGUAGE(code)
    }
  }

  async defaultCurrency (trx?: Knex.Transaction): Promise<string> {
    return (await this.api.getDefaultCurrency(trx)).code
  }

  async assertTaxRule (id: number | null | undefined, trx?: Knex.Transaction): Promise<void> {
    if (id === null || id === undefined) return
    if ((await this.missingTaxRules([id], trx)).length > 0) throw new catalogErrors.BR_CATALOG_UNKNOWN_TAX_RULE(id)
  }

  /** The ids among those given that name no tax rule, in their order. */
  async missingTaxRules (ids: number[], trx?: Knex.Transaction): Promise<number[]> {
    const found = new Set<number>(await (trx ?? this.db)('localization.tax_rules').whereIn('id', ids).pluck('id'))
    return ids.filter(id => !found.has(id))
  }
}
