import type { Knex } from 'knex'
import { catalogErrors } from '../errors.ts'
import type { EmitEvent } from './events.ts'

export interface LockedProduct {
  id: number
  sku: string
  price: number
  quantity: number
  low_stock_threshold: number
  allow_backorders: boolean
}

/**
 * Locks a product row for the rest of the transaction. Every change to a product, its variants,
 * images or stock takes this lock first, so they serialize per product and in one lock order.
 */
export async function lockProduct (trx: Knex.Transaction, productId: number): Promise<LockedProduct> {
  const product = await trx('catalog.products').where({ id: productId }).forUpdate()
    .first('id', 'sku', 'price', 'quantity', 'low_stock_threshold', 'allow_backorders')
  if (product === undefined) throw new catalogErrors.BR_CATALOG_PRODUCT_NOT_FOUND(productId)
  return product
}

/** Records that a product's data (not its stock) changed. */
export async function touchProduct (trx: Knex.Transaction, emit: EmitEvent, product: { id: number, sku: string }): Promise<void> {
  await trx('catalog.products').where({ id: product.id }).update({ updated_at: trx.fn.now() })
  await emit(trx, 'catalog.product.updated', { id: product.id, sku: product.sku })
}
