import type { Knex } from 'knex'
import { defineExtension } from 'backroom'
import { StockService, type StockChange, type StockLevel } from './stock-service.ts'

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

// Built with the catalog's own context: the stock events it writes are the catalog's.
export const catalogStock = defineExtension<CatalogStock>(catalog => new StockService(catalog.db, catalog.emit.bind(catalog)))
