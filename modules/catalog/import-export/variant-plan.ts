import { withDetails } from 'backroom'
import { catalogErrors } from '../errors.ts'
import { VariantCreateBody, VariantUpdateBody } from '../schemas.ts'
import type { VariantChange, VariantInput } from '../services/variant-service.ts'
import { PRODUCT_SKU_COLUMN, SKU_COLUMN, type ParsedRow } from './csv-format.ts'
import { assertSkuFree, copyOf, type CatalogSnapshot, type GroupDraft, type PlannedProduct, type PlannedVariant, type ReservedIds } from './planned-catalog.ts'
import { checked, RowFailure } from './row-failure.ts'
import { setStock } from './stock-plan.ts'

/** A batch's variant rows applied to their group's draft, with the checks of VariantService. */
export class VariantPlanner {
  constructor (private readonly snapshot: CatalogSnapshot, private readonly ids: ReservedIds) {}

  apply (draft: GroupDraft, row: ParsedRow): void {
    const stored = draft.product ?? this.snapshot.products.get(row.productSku!)
    if (stored === undefined) throw new RowFailure({ row: row.row, column: PRODUCT_SKU_COLUMN, reason: `names no product (${row.productSku!})` })
    const product = draft.product ??= copyOf(stored)
    let variant = product.variants.find(candidate => candidate.sku === row.sku)
    if (variant === undefined && this.snapshot.variantOwners.has(row.sku)) throw new RowFailure({ row: row.row, column: SKU_COLUMN, reason: `is a variant of another product (${row.sku})` })
    const { quantity, ...fields } = row.fields
    if (variant === undefined) {
      variant = this.create(product, checked<VariantInput>(VariantCreateBody, { sku: row.sku, ...fields }, row))
      draft.touched = true
    } else if (Object.keys(fields).length > 0) {
      this.change(product, variant, checked<VariantChange>(VariantUpdateBody, fields, row))
      draft.touched = true
    }
    if (quantity !== undefined) setStock(draft, product, variant, quantity as number)
  }

  /** As VariantService.create. */
  private create (product: PlannedProduct, input: VariantInput): PlannedVariant {
    if (product.variants.length === 0 && product.quantity !== 0) throw new catalogErrors.BR_CATALOG_PRODUCT_HAS_STOCK(product.id, product.quantity)
    if (input.sku === product.sku) throw new catalogErrors.BR_CATALOG_SKU_TAKEN(input.sku)
    assertSkuFree(this.snapshot, input.sku)
    assertPrice(product.price, input.priceImpact ?? 0, input.sku)
    const combination = this.combination(product, input.valueIds)
    const variant: PlannedVariant = {
      id: this.ids.next(),
      sku: input.sku,
      priceImpact: input.priceImpact ?? 0,
      weightImpactGrams: input.weightImpactGrams ?? 0,
      quantity: 0,
      combination: combination.key,
      created: true,
      touched: true,
      stockMoved: false,
      values: combination.groups
    }
    product.variants.push(variant)
    product.touched = true
    return variant
  }

  /** As VariantService.update (an import never changes a SKU: it is the row's key). */
  private change (product: PlannedProduct, variant: PlannedVariant, change: VariantChange): void {
    if (change.priceImpact !== undefined) {
      assertPrice(product.price, change.priceImpact, variant.sku)
      variant.priceImpact = change.priceImpact
    }
    if (change.weightImpactGrams !== undefined) variant.weightImpactGrams = change.weightImpactGrams
    if (change.valueIds !== undefined) {
      const combination = this.combination(product, change.valueIds, variant)
      variant.combination = combination.key
      variant.values = combination.groups
    }
    variant.touched = true
    product.touched = true
  }

  /** As VariantService.combination: known values, one per group, each once, and no other variant of the product with them. */
  private combination (product: PlannedProduct, valueIds: number[], self?: PlannedVariant): { key: string, groups: Map<number, number> } {
    const unknown = valueIds.find(id => !this.snapshot.valueGroups.has(id))
    if (unknown !== undefined) throw new catalogErrors.BR_CATALOG_UNKNOWN_ATTRIBUTE_VALUE(unknown)
    const groups = new Map(valueIds.map(id => [id, this.snapshot.valueGroups.get(id)!]))
    if (new Set(valueIds).size !== valueIds.length || new Set(groups.values()).size !== valueIds.length) {
      throw new catalogErrors.BR_CATALOG_INVALID_COMBINATION('A variant takes at most one value per attribute group, each once')
    }
    const key = [...valueIds].sort((a, b) => a - b).join(',')
    if (product.variants.some(variant => variant !== self && variant.combination === key)) throw new catalogErrors.BR_CATALOG_DUPLICATE_COMBINATION(product.id)
    return { key, groups }
  }
}

function assertPrice (productPrice: number, impact: number, sku: string): void {
  if (productPrice + impact < 0) throw withDetails(new catalogErrors.BR_CATALOG_NEGATIVE_PRICE(sku), { field: 'priceImpact' })
}
