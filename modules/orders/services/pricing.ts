import type { CatalogItem } from './catalog-items.ts'
import { basisPointsOf, percentOf } from './money.ts'

/** An order line priced for a destination: tax excluded, then the discount, then the tax. */
export interface PricedLine extends CatalogItem {
  /** Percent, an exact decimal string ("20", "5.5"); "0" where the tax rule has no rate for the destination. */
  taxRate: string
  /** unitPrice × quantity. */
  subtotal: number
  /** The customer's group discount on the subtotal. */
  discount: number
  /** On the subtotal less the discount. */
  tax: number
  /** subtotal − discount + tax. */
  total: number
}

export interface OrderTotals {
  /** Products, taxes and discounts excluded. */
  products: number
  discount: number
  tax: number
  shipping: number
  /** What the customer pays: products − discount + tax + shipping. */
  total: number
}

export type TaxRateOf = (taxRuleId: number) => Promise<string | undefined>

/** Prices every line (rounding per line, half up) and adds them up with the shipping price. */
export async function priceLines (items: CatalogItem[], discountBasisPoints: number, taxRateOf: TaxRateOf): Promise<PricedLine[]> {
  const lines: PricedLine[] = []
  for (const item of items) {
    const taxRate = item.taxRuleId === null ? '0' : await taxRateOf(item.taxRuleId) ?? '0'
    const subtotal = item.unitPrice * item.quantity
    const discount = basisPointsOf(subtotal, discountBasisPoints)
    const tax = percentOf(subtotal - discount, taxRate)
    lines.push({ ...item, taxRate, subtotal, discount, tax, total: subtotal - discount + tax })
  }
  return lines
}

export function totalsOf (lines: PricedLine[], shipping: number): OrderTotals {
  const sum = (pick: (line: PricedLine) => number): number => lines.reduce((total, line) => total + pick(line), 0)
  const products = sum(line => line.subtotal)
  const discount = sum(line => line.discount)
  const tax = sum(line => line.tax)
  return { products, discount, tax, shipping, total: products - discount + tax + shipping }
}
