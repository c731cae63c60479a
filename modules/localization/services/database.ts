import type { Knex } from 'knex'

/** The module's schema: lifecycle hooks and routes run with the default search_path, so every query names it. */
export const SCHEMA = 'localization'

/** Runs a write, turning a unique violation (a taken code or name) into the given conflict. */
export async function uniquely<T> (write: () => Promise<T>, conflict: () => Error): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if ((error as { code?: unknown }).code === '23505') throw conflict()
    throw error
  }
}

/** Runs work in the caller's transaction when it passed one, otherwise in a new one. */
export async function inTransaction<T> (db: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if ((db as Knex.Transaction).isTransaction === true) return await work(db as Knex.Transaction)
  return await db.transaction(work)
}

/** Assigns only the fields a partial update carries, mapped to their column names. */
export function changedColumns<P extends object> (patch: P, columns: { [K in keyof P]-?: string }): Record<string, unknown> {
  const changes: Record<string, unknown> = {}
  for (const [field, column] of Object.entries(columns) as Array<[keyof P, string]>) {
    if (patch[field] !== undefined) changes[column] = patch[field]
  }
  return changes
}
