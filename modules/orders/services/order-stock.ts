import type { Knex } from 'knex'
import type { CatalogStock } from '@backroom/catalog/services/stock-extension.ts'

interface StockLine { productId: number, variantId: number | null, quantity: number }

/** Products in id order, so that concurrent orders lock the catalog rows in one order and never deadlock. */
const inLockOrder = (lines: StockLine[]): StockLine[] => [...lines].sort((a, b) => a.productId - b.productId || (a.variantId ?? 0) - (b.variantId ?? 0))

/**
 * An order's units, taken from and given back to the catalog through its `catalog.stock`
 * extension point, inside the order's transaction (the catalog locks each product row).
 */
export class OrderStock {
  constructor (private readonly stock: () => CatalogStock) {}

  /** Takes every line's units; true when one went below zero (a product allowing backorders). */
  async take (lines: StockLine[], reference: string, trx: Knex.Transaction): Promise<boolean> {
    let backordered = false
    for (const line of inLockOrder(lines)) {
      const level = await this.stock().move({ productId: line.productId, variantId: line.variantId, delta: -line.quantity, reason: 'order', reference }, trx)
      if (level.quantity < 0) backordered = true
    }
    return backordered
  }

  async give (lines: StockLine[], reason: 'cancel' | 'return', reference: string, trx: Knex.Transaction): Promise<void> {
    for (const line of inLockOrder(lines)) {
      await this.stock().move({ productId: line.productId, variantId: line.variantId, delta: line.quantity, reason, reference }, trx)
    }
  }
}
