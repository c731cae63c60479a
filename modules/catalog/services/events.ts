import type { ModuleContext } from 'backroom'

/** Writes a catalog event in the caller's transaction: the module context's emit. */
export type EmitEvent = ModuleContext['emit']

export const CATALOG_EVENTS = {
  'catalog.product.created': { description: 'A product was created (payload: id, sku)' },
  'catalog.product.updated': { description: 'A product, its texts, categories, variants or images changed (payload: id, sku)' },
  'catalog.product.deleted': { description: 'A product was deleted (payload: id, sku)' },
  'catalog.stock.low': { description: 'A product or variant fell to its low-stock threshold (payload: productId, variantId, sku, quantity, threshold)' },
  'catalog.stock.out': { description: 'A product or variant ran out of stock (payload: productId, variantId, sku, quantity, threshold)' }
}
