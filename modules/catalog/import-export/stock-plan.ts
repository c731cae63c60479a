import { catalogErrors } from '../errors.ts'
import { stockSignal } from '../services/stock-service.ts'
import type { GroupDraft, PlannedProduct, PlannedVariant } from './planned-catalog.ts'

/** As StockService.set: one movement of the difference, on a variant when the product has any. */
export function setStock (draft: GroupDraft, product: PlannedProduct, variant: PlannedVariant | null, quantity: number): void {
  if (variant === null && product.variants.length > 0) throw new catalogErrors.BR_CATALOG_STOCK_ON_VARIANTS(product.id)
  move(draft, product, variant, quantity - (variant ?? product).quantity)
}

/** As StockService.apply. */
export function move (draft: GroupDraft, product: PlannedProduct, variant: PlannedVariant | null, delta: number): void {
  if (delta === 0) return
  const holder = variant ?? product
  const before = holder.quantity
  const after = before + delta
  if (delta < 0 && after < 0 && !product.allowBackorders) throw new catalogErrors.BR_CATALOG_INSUFFICIENT_STOCK(holder.sku, Math.max(before, 0), -delta)
  product.quantity += delta
  product.stockMoved = true
  if (variant !== null) {
    variant.quantity = after
    variant.stockMoved = true
  }
  const movement = { productId: product.id, variantId: variant?.id ?? null, variantSku: variant?.sku ?? null, delta, quantityAfter: after }
  const signal = stockSignal({ productId: product.id, variantId: movement.variantId, sku: holder.sku, quantity: after }, before, product.lowStockThreshold)
  draft.movements.push(movement)
  if (signal !== undefined) draft.signals.push(signal)
}
