import type { Knex } from 'knex'
import { withDetails } from 'backroom'
import { localizationErrors } from '../errors.ts'

/** A localization record other records may point at. */
export type ReferenceTarget =
  | { kind: 'language' | 'currency' | 'country', code: string }
  | { kind: 'zone' | 'taxRule', id: number }

/**
 * The `localization.usage` extension point: a module that stores references to localization
 * records (products to a tax rule, translations to a language) tells how many it holds, so a
 * deletion never orphans them.
 */
export interface LocalizationUsage {
  references (trx: Knex.Transaction, target: ReferenceTarget): Promise<number>
}

export type UsageSource = () => Array<{ module: string, implementation: LocalizationUsage }>

export interface Reference { module: string, what: string, count: number }

/** Refuses (409) to delete a record that this module's own tables or a dependent module still reference. */
export async function assertUnreferenced (trx: Knex.Transaction, target: ReferenceTarget, label: string, own: Reference[], usages: UsageSource): Promise<void> {
  const references = own.filter(reference => reference.count > 0)
  for (const { module, implementation } of usages()) {
    const count = await implementation.references(trx, target)
    if (count > 0) references.push({ module, what: 'records', count })
  }
  if (references.length === 0) return
  const list = references.map(r => `${r.count} ${r.what} of module ${r.module}`).join(', ')
  throw withDetails(new localizationErrors.BR_LOCALIZATION_IN_USE(`${label} is still referenced by ${list}`), { references })
}
