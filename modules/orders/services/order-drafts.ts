import type { Knex } from 'knex'
import type { LocalizationApi } from '@backroom/localization/api.ts'
import { ordersErrors } from '../errors.ts'
import type { Address } from '../schemas.ts'
import { loadCatalogItems, type ItemRequest } from './catalog-items.ts'
import type { CustomerAccount, CustomerAddress } from './customers.ts'
import { priceLines, type OrderTotals, type PricedLine } from './pricing.ts'
import type { ShippingParcel } from './shipping-extension.ts'

export function addressSnapshot (address: CustomerAddress): Address {
  const { firstName, lastName, company, line1, line2, postcode, city, countryCode, region, phone } = address
  return { firstName, lastName, company, line1, line2, postcode, city, countryCode, region, phone }
}

/** The parcel shipping providers quote: the priced lines, their value and the delivery address. */
export function parcelOf (lines: PricedLine[], totals: OrderTotals, currency: string, delivery: CustomerAddress): ShippingParcel {
  return {
    items: lines.map(({ productId, variantId, sku, quantity, weightGrams, widthMm, heightMm, depthMm }) => ({ productId, variantId, sku, quantity, weightGrams, widthMm, heightMm, depthMm })),
    weightGrams: lines.reduce((total, line) => total + line.weightGrams * line.quantity, 0),
    value: totals.total - totals.shipping,
    currency,
    destination: { countryCode: delivery.countryCode, region: delivery.region, postcode: delivery.postcode, city: delivery.city }
  }
}

/**
 * Prices items for a customer: live catalog prices in the shop currency, names in the customer's
 * language, the customer's group discount, and the tax rate of each product's rule for the
 * delivery country (none until a delivery address is known).
 */
export class OrderPricing {
  constructor (private readonly localization: () => LocalizationApi) {}

  async price (customer: CustomerAccount, delivery: CustomerAddress | null, items: ItemRequest[], db: Knex): Promise<{ currency: string, lines: PricedLine[] }> {
    const localization = this.localization()
    const defaultLanguage = (await localization.getDefaultLanguage(db)).code
    const currency = (await localization.getDefaultCurrency(db)).code
    const catalogItems = await loadCatalogItems(db, items, customer.language, defaultLanguage)
    const foreign = catalogItems.find(item => item.currency !== currency)
    if (foreign !== undefined) throw new ordersErrors.BR_ORDERS_PRODUCT_CURRENCY(foreign.productId, foreign.currency, currency)
    const lines = await priceLines(catalogItems, customer.discountBasisPoints, async ruleId => delivery === null
      ? undefined
      : (await localization.taxRateFor(ruleId, delivery.countryCode, delivery.region ?? undefined, db))?.rate)
    return { currency, lines }
  }
}
