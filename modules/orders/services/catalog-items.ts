import type { Knex } from 'knex'
import { ordersErrors } from '../errors.ts'

/** A product or one of its variants, as a cart or order line asks for it. */
export interface ItemRequest {
  productId: number
  variantId?: number | null
  quantity: number
}

/** What the catalog says of an item now: its live price and texts. */
export interface CatalogItem {
  productId: number
  variantId: number | null
  sku: string
  name: string
  /** Minor units, taxes excluded: the product price plus the variant's impact. */
  unitPrice: number
  currency: string
  taxRuleId: number | null
  weightGrams: number
  widthMm: number
  heightMm: number
  depthMm: number
  quantity: number
}

/**
 * Reads items from the catalog's tables (orders requires catalog, so it may read them; it never
 * writes them: stock moves through catalog.stock). Names are in the customer's language, else in
 * the default one.
 */
export async function loadCatalogItems (db: Knex, requests: ItemRequest[], language: string, defaultLanguage: string): Promise<CatalogItem[]> {
  const productIds = [...new Set(requests.map(request => request.productId))]
  const products = new Map((await db('catalog.products').whereIn('id', productIds).select('*')).map(row => [row.id, row]))
  const variants = new Map((await db('catalog.product_variants').whereIn('product_id', productIds).select('*')).map(row => [row.id, row]))
  const names = await db('catalog.product_translations').whereIn('product_id', productIds).whereIn('language', [language, defaultLanguage]).select('product_id', 'language', 'name')
  const nameOf = (productId: number): string | undefined =>
    (names.find(row => row.product_id === productId && row.language === language) ?? names.find(row => row.product_id === productId))?.name
  return requests.map(request => {
    const product = products.get(request.productId)
    if (product === undefined || product.active !== true) throw new ordersErrors.BR_ORDERS_PRODUCT_UNAVAILABLE(request.productId)
    const variantId = request.variantId ?? null
    const variant = variantId === null ? undefined : variants.get(variantId)
    if (variantId !== null && variant?.product_id !== product.id) throw new ordersErrors.BR_ORDERS_VARIANT_UNAVAILABLE(variantId, product.id)
    if (variantId === null && [...variants.values()].some(row => row.product_id === product.id)) throw new ordersErrors.BR_ORDERS_VARIANT_REQUIRED(product.id)
    return {
      productId: product.id,
      variantId,
      sku: variant?.sku ?? product.sku,
      name: nameOf(product.id) ?? product.sku,
      unitPrice: Math.max(0, Number(product.price) + Number(variant?.price_impact ?? 0)),
      currency: product.currency,
      taxRuleId: product.tax_rule_id,
      weightGrams: Math.max(0, product.weight_grams + (variant?.weight_impact_grams ?? 0)),
      widthMm: product.width_mm,
      heightMm: product.height_mm,
      depthMm: product.depth_mm,
      quantity: request.quantity
    }
  })
}
