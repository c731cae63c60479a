import type { Knex } from 'knex'
import { catalogErrors } from '../errors.ts'
import { lockProduct, type LockedProduct } from './product-lock.ts'
import type { EmitEvent } from './events.ts'

export const STOCK_REASONS = ['manual', 'import', 'order', 'cancel', 'return'] as const
export type StockReason = typeof STOCK_REASONS[number]

/** One change of stock: a signed number of units of a product, or of one of its variants. */
export interface StockChange {
  productId: number
  /** Required for a product with variants, whose stock lives on its variants. */
  variantId?: number | null
  /** Units added (positive) or taken (negative); never zero. */
  delta: number
  reason: StockReason
  /** What caused it, for the ledger: an order number, an import file, a note. */
  reference?: string | null
  employeeId?: number | null
}

export interface StockLevel {
  productId: number
  variantId: number | null
  sku: string
  /** Units of the product, or of the variant when one was named. */
  quantity: number
  /** Units of the product, its variants' included. */
  productQuantity: number
  /** The ledger line written; null when nothing changed. */
  movementId: number | null
}

export interface StockMovement {
  id: number
  productId: number
  variantId: number | null
  variantSku: string | null
  delta: number
  reason: StockReason
  reference: string | null
  quantityAfter: number
  employeeId: number | null
  createdAt: Date
}

interface Holder { sku: string, quantity: number }

export interface StockSignal {
  event: 'catalog.stock.out' | 'catalog.stock.low'
  payload: { productId: number, variantId: number | null, sku: string, quantity: number, threshold: number }
}

/** The event a change of stock signals: low and out of stock when it crosses the threshold or zero, not on every sale below them. */
export function stockSignal (level: Pick<StockLevel, 'productId' | 'variantId' | 'sku' | 'quantity'>, before: number, threshold: number): StockSignal | undefined {
  const payload = { productId: level.productId, variantId: level.variantId, sku: level.sku, quantity: level.quantity, threshold }
  if (before > 0 && level.quantity <= 0) return { event: 'catalog.stock.out', payload }
  if (before > threshold && level.quantity <= threshold) return { event: 'catalog.stock.low', payload }
  return undefined
}

/**
 * The stock ledger: every change is a movement, and a product's (or variant's) quantity is always
 * the sum of its movements. A change locks the product row (`for update`), so concurrent
 * decrements of the last units serialize and never oversell. Other modules (orders) change stock
 * only through `move` and `set`, passing their own transaction.
 */
export class StockService {
  constructor (private readonly db: Knex, private readonly emit: EmitEvent) {}

  async move (change: StockChange, trx?: Knex.Transaction): Promise<StockLevel> {
    if (trx === undefined) return await this.db.transaction(async own => await this.move(change, own))
    const product = await lockProduct(trx, change.productId)
    const holder = await this.lockHolder(trx, product, change.variantId ?? null)
    return await this.apply(trx, product, change.variantId ?? null, holder, change)
  }

  /** Brings a quantity to an absolute value with one movement of the difference. */
  async set (target: Omit<StockChange, 'delta'> & { quantity: number }, trx?: Knex.Transaction): Promise<StockLevel> {
    if (trx === undefined) return await this.db.transaction(async own => await this.set(target, own))
    const product = await lockProduct(trx, target.productId)
    const variantId = target.variantId ?? null
    const holder = await this.lockHolder(trx, product, variantId)
    return await this.apply(trx, product, variantId, holder, { ...target, delta: target.quantity - holder.quantity })
  }

  /** Ledger lines of a product, newest first, by keyset on the movement id. */
  async movements (productId: number, options: { variantId?: number, limit: number, before?: number }): Promise<StockMovement[]> {
    const query = this.db('catalog.stock_movements').where({ product_id: productId }).orderBy('id', 'desc').limit(options.limit)
    if (options.variantId !== undefined) query.where({ variant_id: options.variantId })
    if (options.before !== undefined) query.where('id', '<', options.before)
    const rows = await query.select('*')
    return rows.map(row => ({
      id: Number(row.id),
      productId: row.product_id,
      variantId: row.variant_id,
      variantSku: row.variant_sku,
      delta: row.delta,
      reason: row.reason,
      reference: row.reference,
      quantityAfter: row.quantity_after,
      employeeId: row.employee_id,
      createdAt: row.created_at
    }))
  }

  private async apply (trx: Knex.Transaction, product: LockedProduct, variantId: number | null, holder: Holder, change: StockChange): Promise<StockLevel> {
    const before = holder.quantity
    const after = before + change.delta
    if (change.delta === 0) return { productId: product.id, variantId, sku: holder.sku, quantity: before, productQuantity: product.quantity, movementId: null }
    if (change.delta < 0 && after < 0 && !product.allow_backorders) {
      throw new catalogErrors.BR_CATALOG_INSUFFICIENT_STOCK(holder.sku, Math.max(before, 0), -change.delta)
    }
    const productQuantity = product.quantity + change.delta
    await trx('catalog.products').where({ id: product.id }).update({ quantity: productQuantity })
    if (variantId !== null) await trx('catalog.product_variants').where({ id: variantId }).update({ quantity: after })
    const [{ id }] = await trx('catalog.stock_movements').insert({
      product_id: product.id,
      variant_id: variantId,
      variant_sku: variantId === null ? null : holder.sku,
      delta: change.delta,
      reason: change.reason,
      reference: change.reference ?? null,
      quantity_after: after,
      employee_id: change.employeeId ?? null
    }).returning('id')
    const level = { productId: product.id, variantId, sku: holder.sku, quantity: after, productQuantity, movementId: Number(id) }
    await this.signal(trx, level, before, product.low_stock_threshold)
    return level
  }

  private async signal (trx: Knex.Transaction, level: StockLevel, before: number, threshold: number): Promise<void> {
    const signal = stockSignal(level, before, threshold)
    if (signal !== undefined) await this.emit(trx, signal.event, signal.payload)
  }


  /** The variant row when one is named (locked after its product, always in that order); else the product itself. */
  private async lockHolder (trx: Knex.Transaction, product: LockedProduct, variantId: number | null): Promise<Holder> {
    if (variantId !== null) {
      const variant = await trx('catalog.product_variants').where({ id: variantId, product_id: product.id }).forUpdate().first('sku', 'quantity')
      if (variant === undefined) throw new catalogErrors.BR_CATALOG_VARIANT_NOT_FOUND(variantId)
      return variant
    }
    const variants = await trx('catalog.product_variants').where({ product_id: product.id }).first('id')
    if (variants !== undefined) throw new catalogErrors.BR_CATALOG_STOCK_ON_VARIANTS(product.id)
    return product
  }
}
