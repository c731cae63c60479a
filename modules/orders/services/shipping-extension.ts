import type { Knex } from 'knex'
import { ordersErrors } from '../errors.ts'

/** Where a parcel goes: the delivery address of the cart or order. */
export interface ShippingDestination {
  countryCode: string
  region: string | null
  postcode: string
  city: string
}

/** One line of what is shipped, with what a carrier rates on. */
export interface ShippingItem {
  productId: number
  variantId: number | null
  sku: string
  quantity: number
  /** Per unit. */
  weightGrams: number
  widthMm: number
  heightMm: number
  depthMm: number
}

/** What a shipping provider quotes: the goods, their totals and where they go. */
export interface ShippingParcel {
  items: ShippingItem[]
  /** Of every unit. */
  weightGrams: number
  /** The goods' value, taxes and discounts included, in minor units of `currency` (insurance, free-shipping thresholds). */
  value: number
  currency: string
  destination: ShippingDestination
}

/** A way to ship, as a provider offers it for one parcel. */
export interface ShippingOption {
  /** Unique among the provider's options; the cart and the order keep it with the module name. */
  id: string
  /** Shown to the customer ("Home delivery, 48 h"). */
  name: string
  /** The carrier's name ("Colissimo"), kept on the order and filtered on in the order list. */
  carrier: string
  /** Minor units, taxes included; options in another currency than the parcel's are not offered. */
  price: number
  currency: string
  /** The delivery time as shown to the customer ("2–3 business days"). */
  delay: string
}

/**
 * The `orders.shipping` extension point, which a carriers module implements:
 *
 *   extends: { 'orders.shipping': { async options (parcel, trx) { return [{ id: 'home', … }] } } }
 *
 * The orders module asks every enabled provider for its options, for the cart's shipping choices
 * and again when the order is placed (the price charged is the one quoted then). `trx` is given
 * when the question is asked inside an order's transaction: read with it.
 */
export interface ShippingProvider {
  options (parcel: ShippingParcel, trx?: Knex): Promise<ShippingOption[]>
}

export interface ModuleShippingOption extends ShippingOption { module: string }

type Extensions = Array<{ module: string, implementation: ShippingProvider }>

async function quote (providers: Extensions, parcel: ShippingParcel, trx?: Knex): Promise<ModuleShippingOption[]> {
  const offered = await Promise.all(providers.map(async ({ module, implementation }) =>
    (await implementation.options(parcel, trx)).filter(option => option.currency === parcel.currency).map(option => ({ ...option, module }))))
  return offered.flat()
}

/** Every option the enabled providers offer for a parcel, in its currency; refused when none is enabled. */
export async function shippingOptions (providers: Extensions, parcel: ShippingParcel, trx?: Knex): Promise<ModuleShippingOption[]> {
  if (providers.length === 0) throw new ordersErrors.BR_ORDERS_NO_SHIPPING_MODULE()
  return await quote(providers, parcel, trx)
}

/** The option a cart or a staff order chose, as its provider quotes it now. */
export async function shippingOption (providers: Extensions, parcel: ShippingParcel, choice: { module: string, optionId: string }, trx?: Knex): Promise<ModuleShippingOption> {
  if (providers.length === 0) throw new ordersErrors.BR_ORDERS_NO_SHIPPING_MODULE()
  const options = await quote(providers.filter(provider => provider.module === choice.module), parcel, trx)
  const found = options.find(option => option.id === choice.optionId)
  if (found === undefined) throw new ordersErrors.BR_ORDERS_UNKNOWN_SHIPPING_OPTION(choice.optionId, choice.module)
  return found
}
