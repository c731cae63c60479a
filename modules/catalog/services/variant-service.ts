import { withDetails } from 'backroom'
import type { Knex } from 'knex'
import { catalogErrors } from '../errors.ts'
import { lockProduct, touchProduct } from './product-lock.ts'
import type { AttributeService } from './attribute-service.ts'
import type { EmitEvent } from './events.ts'
import { assertSkuFree, copySku, guardSku } from './skus.ts'
import type { StockService } from './stock-service.ts'

export interface Variant {
  id: number
  productId: number
  sku: string
  /** Added to the product price (minor units, may be negative). */
  priceImpact: number
  /** The product price plus the impact. */
  price: number
  weightImpactGrams: number
  quantity: number
  valueIds: number[]
  createdAt: Date
  updatedAt: Date
}

export interface VariantInput {
  sku: string
  priceImpact?: number
  weightImpactGrams?: number
  valueIds: number[]
  /** Initial stock, written to the ledger. */
  quantity?: number
}

export type VariantChange = Partial<Omit<VariantInput, 'quantity'>>


export const VARIANTS = 'catalog.product_variants'

/** A variant from its row, as knex reads it or as JSON carries it (timestamps as ISO text). */
export function variantOf (row: Record<string, any>, productPrice: number, valueIds: number[]): Variant {
  return {
    id: row.id,
    productId: row.product_id,
    sku: row.sku,
    priceImpact: row.price_impact,
    price: productPrice + row.price_impact,
    weightImpactGrams: row.weight_impact_grams,
    quantity: row.quantity,
    valueIds,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at)
  }
}

/** Combinations of attribute values of one product, each with its own SKU, price and weight impact, and stock. */
export class VariantService {
  constructor (
    private readonly db: Knex,
    private readonly attributes: AttributeService,
    private readonly stock: StockService,
    private readonly emit: EmitEvent
  ) {}

  async list (productIds: number[], trx?: Knex.Transaction): Promise<Map<number, Variant[]>> {
    const byProduct = new Map<number, Variant[]>(productIds.map(id => [id, []]))
    if (productIds.length === 0) return byProduct
    const db = trx ?? this.db
    const rows = await db(`${VARIANTS} as v`).join('catalog.products as p', 'p.id', 'v.product_id')
      .whereIn('v.product_id', productIds).orderBy('v.id').select('v.*', 'p.price as product_price')
    const values = await db('catalog.variant_values').whereIn('variant_id', rows.map(row => row.id)).orderBy(['variant_id', 'value_id']).select('variant_id', 'value_id')
    for (const row of rows) {
      byProduct.get(row.product_id)!.push(variantOf(row, row.product_price, values.filter(value => value.variant_id === row.id).map(value => value.value_id)))
    }
    return byProduct
  }

  async get (productId: number, variantId: number, trx?: Knex.Transaction): Promise<Variant> {
    const variant = (await this.list([productId], trx)).get(productId)!.find(candidate => candidate.id === variantId)
    if (variant === undefined) throw new catalogErrors.BR_CATALOG_VARIANT_NOT_FOUND(variantId)
    return variant
  }

  async create (productId: number, input: VariantInput, employeeId: number | null, trx?: Knex.Transaction): Promise<Variant> {
    if (trx === undefined) return await this.db.transaction(async own => await this.create(productId, input, employeeId, own))
    const product = await lockProduct(trx, productId)
    const existing = await trx(VARIANTS).where({ product_id: productId }).first('id')
    if (existing === undefined && product.quantity !== 0) throw new catalogErrors.BR_CATALOG_PRODUCT_HAS_STOCK(productId, product.quantity)
    await assertSkuFree(trx, input.sku)
    this.assertPrice(product.price, input.priceImpact ?? 0, input.sku)
    const combination = await this.combination(trx, product.id, input.valueIds)
    const [{ id }] = await guardSku(input.sku, async () => await trx(VARIANTS).insert({
      product_id: productId,
      sku: input.sku,
      price_impact: input.priceImpact ?? 0,
      weight_impact_grams: input.weightImpactGrams ?? 0,
      combination: combination.key
    }).returning('id'))
    await this.writeValues(trx, id, combination.groups)
    if ((input.quantity ?? 0) !== 0) await this.stock.move({ productId, variantId: id, delta: input.quantity!, reason: 'manual', employeeId }, trx)
    await touchProduct(trx, this.emit, product)
    return await this.get(productId, id, trx)
  }

  async update (productId: number, variantId: number, change: VariantChange, trx?: Knex.Transaction): Promise<Variant> {
    if (trx === undefined) return await this.db.transaction(async own => await this.update(productId, variantId, change, own))
    const product = await lockProduct(trx, productId)
    const variant = await trx(VARIANTS).where({ id: variantId, product_id: productId }).forUpdate().first()
    if (variant === undefined) throw new catalogErrors.BR_CATALOG_VARIANT_NOT_FOUND(variantId)
    const columns: Record<string, unknown> = {}
    if (change.sku !== undefined && change.sku !== variant.sku) {
      await assertSkuFree(trx, change.sku, { variantId })
      columns.sku = change.sku
    }
    if (change.priceImpact !== undefined) {
      this.assertPrice(product.price, change.priceImpact, variant.sku)
      columns.price_impact = change.priceImpact
    }
    if (change.weightImpactGrams !== undefined) columns.weight_impact_grams = change.weightImpactGrams
    if (change.valueIds !== undefined) {
      const combination = await this.combination(trx, productId, change.valueIds, variantId)
      columns.combination = combination.key
      await trx('catalog.variant_values').where({ variant_id: variantId }).delete()
      await this.writeValues(trx, variantId, combination.groups)
    }
    await guardSku(change.sku ?? variant.sku, async () => await trx(VARIANTS).where({ id: variantId }).update({ ...columns, updated_at: trx.fn.now() }))
    await touchProduct(trx, this.emit, product)
    return await this.get(productId, variantId, trx)
  }

  /** Deletes a variant; its stock is first brought to zero in the ledger, so the product's sum stays true. */
  async delete (productId: number, variantId: number, employeeId: number | null): Promise<void> {
    await this.db.transaction(async trx => {
      const product = await lockProduct(trx, productId)
      await this.stock.set({ productId, variantId, quantity: 0, reason: 'manual', reference: 'variant deleted', employeeId }, trx)
      await trx(VARIANTS).where({ id: variantId }).delete()
      await touchProduct(trx, this.emit, product)
    })
  }

  /** The lowest price impact among a product's variants, to keep every variant price at zero or more. */
  async lowestImpact (trx: Knex.Transaction, productId: number): Promise<number> {
    const [{ lowest }] = await trx(VARIANTS).where({ product_id: productId }).min({ lowest: 'price_impact' })
    return lowest === null ? 0 : Number(lowest)
  }

  /** Copies every variant of a product onto another (a duplicate): new SKUs, no stock. */
  async copyAll (trx: Knex.Transaction, fromProductId: number, toProductId: number): Promise<void> {
    const variants = (await this.list([fromProductId], trx)).get(fromProductId)!
    for (const variant of variants) {
      const [{ id }] = await trx(VARIANTS).insert({
        product_id: toProductId,
        sku: await copySku(trx, variant.sku),
        price_impact: variant.priceImpact,
        weight_impact_grams: variant.weightImpactGrams,
        combination: variant.valueIds.join(',')
      }).returning('id')
      await trx.raw('insert into catalog.variant_values (variant_id, value_id, group_id) select ?, value_id, group_id from catalog.variant_values where variant_id = ?', [id, variant.id])
    }
  }

  /** Checks a set of values (one per group, each known) and returns its key and groups. */
  private async combination (trx: Knex.Transaction, productId: number, valueIds: number[], self?: number): Promise<{ key: string, groups: Map<number, number> }> {
    const groups = await this.attributes.groupsOf(trx, valueIds)
    if (new Set(valueIds).size !== valueIds.length || new Set(groups.values()).size !== valueIds.length) {
      throw new catalogErrors.BR_CATALOG_INVALID_COMBINATION('A variant takes at most one value per attribute group, each once')
    }
    const key = [...valueIds].sort((a, b) => a - b).join(',')
    const clash = await trx(VARIANTS).where({ product_id: productId, combination: key }).whereNot('id', self ?? 0).first('id')
    if (clash !== undefined) throw new catalogErrors.BR_CATALOG_DUPLICATE_COMBINATION(productId)
    return { key, groups }
  }

  private async writeValues (trx: Knex.Transaction, variantId: number, groups: Map<number, number>): Promise<void> {
    await trx('catalog.variant_values').insert([...groups].map(([valueId, groupId]) => ({ variant_id: variantId, value_id: valueId, group_id: groupId })))
  }

  private assertPrice (productPrice: number, impact: number, sku: string): void {
    if (productPrice + impact < 0) throw withDetails(new catalogErrors.BR_CATALOG_NEGATIVE_PRICE(sku), { field: 'priceImpact' })
  }

}
