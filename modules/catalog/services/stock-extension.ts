import type { Knex } from 'knex'
import type { StockChange, StockLevel, StockService } from './stock-service.ts'

/**
 * The `catalog.stock` extension point: how another module (orders) changes stock, inside its own
 * transaction, so a sale and its stock movement commit or roll back together:
 *
 *   const [{ implementation: stock }] = module.extensions<CatalogStock>('catalog.stock')
 *   await stock.move({ productId, variantId, delta: -2, reason: 'order', reference: 'order 1042' }, trx)
 *
 * A refused decrement throws BR_CATALOG_INSUFFICIENT_STOCK (409); catalog.stock.low and
 * catalog.stock.out are written in the caller's transaction.
 */
export interface CatalogStock {
  move (change: StockChange, trx: Knex.Transaction): Promise<StockLevel>
  set (target: Omit<StockChange, 'delta'> & { quantity: number }, trx: Knex.Transaction): Promise<StockLevel>
}

// The contract hands an extension implementation no context of its provider, while the stock
// service needs the catalog's own (its events are the catalog's). Each app build mounts the
// catalog's routes with its current context, which binds the service used here.
let bound: StockService | undefined

export function bindStockService (service: StockService): void {
  bound = service
}

function current (): StockService {
  if (bound === undefined) throw new Error('the catalog module is not mounted in this process yet')
  return bound
}

export const catalogStock: CatalogStock = {
  async move (change, trx) { return await current().move(change, trx) },
  async set (target, trx) { return await current().set(target, trx) }
}
