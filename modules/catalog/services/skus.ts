import type { Knex } from 'knex'
import { catalogErrors } from '../errors.ts'

export const SKU_MAX_LENGTH = 64
export const SKU_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._\\-/]*$'

/** Whether an error is PostgreSQL's unique violation of the given index. */
function isUniqueViolation (error: unknown, constraint: string): boolean {
  const pgError = error as { code?: string, constraint?: string, message?: string }
  return pgError.code === '23505' && (pgError.constraint === constraint || (pgError.message ?? '').includes(constraint))
}

/** Runs a write that may hit the SKU unique indexes under a race, answering 409 rather than 500. */
export async function guardSku<T> (sku: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (isUniqueViolation(error, 'products_sku_unique') || isUniqueViolation(error, 'product_variants_sku_unique')) throw new catalogErrors.BR_CATALOG_SKU_TAKEN(sku)
    throw error
  }
}

/** SKUs are unique across products and variants; `self` is the row keeping its own SKU. */
export async function assertSkuFree (trx: Knex.Transaction, sku: string, self: { productId?: number, variantId?: number } = {}): Promise<void> {
  const product = await trx('catalog.products').where({ sku }).whereNot('id', self.productId ?? 0).first('id')
  const variant = await trx('catalog.product_variants').where({ sku }).whereNot('id', self.variantId ?? 0).first('id')
  if (product !== undefined || variant !== undefined) throw new catalogErrors.BR_CATALOG_SKU_TAKEN(sku)
}

/** The first free SKU of the form `<sku>-copy`, `<sku>-copy-2`…, shortened to fit the length limit. */
export async function copySku (trx: Knex.Transaction, sku: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const suffix = attempt === 1 ? '-copy' : `-copy-${attempt}`
    const candidate = `${sku.slice(0, SKU_MAX_LENGTH - suffix.length)}${suffix}`
    const taken = await trx('catalog.products').where({ sku: candidate }).first('id') ??
      await trx('catalog.product_variants').where({ sku: candidate }).first('id')
    if (taken === undefined) return candidate
  }
}
