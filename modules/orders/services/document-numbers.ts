import type { Knex } from 'knex'

export type DocumentKind = 'invoice' | 'credit_slip'

/**
 * The next number of a kind of document for a year: the year's counter row is locked `for update`
 * until the transaction ends, so concurrent documents wait for each other, and a rolled-back one
 * gives its number back. No gap, no duplicate.
 */
export async function nextDocumentNumber (trx: Knex.Transaction, kind: DocumentKind, year: number): Promise<number> {
  await trx('orders.document_counters').insert({ kind, year, last: 0 }).onConflict(['kind', 'year']).ignore()
  const { last } = await trx('orders.document_counters').where({ kind, year }).forUpdate().first('last')
  await trx('orders.document_counters').where({ kind, year }).update({ last: last + 1 })
  return last + 1
}

/** IN2026-000042, CS2026-000007. */
export const formatDocumentNumber = (prefix: string, year: number, sequence: number): string => `${prefix}${year}-${String(sequence).padStart(6, '0')}`
