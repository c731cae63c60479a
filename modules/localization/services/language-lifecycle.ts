import type { Knex } from 'knex'

/**
 * The `localization.languages` extension point: a module that keeps data per language (the
 * catalog's product listing) prepares it for a new language in the transaction that adds the
 * language, so that it is ready before anyone reads in that language, or neither happens.
 */
export interface LanguageLifecycle {
  added (trx: Knex.Transaction, code: string): Promise<void>
}

export type LanguageLifecycleSource = () => Array<{ module: string, implementation: LanguageLifecycle }>
