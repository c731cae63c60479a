import type { ParsedRow } from './csv-format.ts'
import { ReservedIds, type CatalogSnapshot, type GroupDraft, type PlannedEvent, type PlannedProduct, type StockMovementPlan } from './planned-catalog.ts'
import { ProductPlanner } from './product-plan.ts'
import { rowFailure } from './row-failure.ts'
import { VariantPlanner } from './variant-plan.ts'

/**
 * The rows of one batch applied in memory, group after group, with the checks the product,
 * variant and stock services make (same errors, same order), against a snapshot of what the
 * batch touches. A group sees what the groups before it left (a SKU twice in a file is created
 * then updated); a refused row leaves out its whole group and changes nothing. What remains is
 * written by ImportStore in a handful of multi-row statements.
 */
export class BatchPlan {
  readonly movements: StockMovementPlan[] = []
  readonly events: PlannedEvent[] = []
  private readonly productIds: ReservedIds
  private readonly variantIds: ReservedIds
  private readonly productRows: ProductPlanner
  private readonly variantRows: VariantPlanner

  constructor (private readonly snapshot: CatalogSnapshot) {
    this.productIds = new ReservedIds(snapshot.newProductIds)
    this.variantIds = new ReservedIds(snapshot.newVariantIds)
    this.productRows = new ProductPlanner(snapshot, this.productIds)
    this.variantRows = new VariantPlanner(snapshot, this.variantIds)
  }

  get products (): Iterable<PlannedProduct> { return this.snapshot.products.values() }

  /** Applies the rows of one product; throws RowFailure for the first row refused. */
  apply (rows: ParsedRow[]): 'created' | 'updated' {
    const draft: GroupDraft = { created: false, touched: false, movements: [], signals: [] }
    const taken = { products: this.productIds.taken, variants: this.variantIds.taken }
    for (const row of rows) {
      try {
        if (row.kind === 'product') this.productRows.apply(draft, row)
        else this.variantRows.apply(draft, row)
      } catch (error) {
        // The ids the group took are never written: the next group takes them.
        this.productIds.taken = taken.products
        this.variantIds.taken = taken.variants
        throw rowFailure(error, row)
      }
    }
    const product = draft.product
    if (product !== undefined) {
      this.snapshot.products.set(product.sku, product)
      for (const variant of product.variants) this.snapshot.variantOwners.set(variant.sku, product.sku)
      if (draft.created || draft.touched) this.events.push({ event: draft.created ? 'catalog.product.created' : 'catalog.product.updated', payload: { id: product.id, sku: product.sku } })
    }
    this.movements.push(...draft.movements)
    this.events.push(...draft.signals)
    return draft.created ? 'created' : 'updated'
  }
}

/** The SKUs a batch's rows name, whose products and variants its snapshot reads. */
export function skusOf (rows: ParsedRow[]): string[] {
  return [...new Set(rows.flatMap(row => row.productSku === null ? [row.sku] : [row.sku, row.productSku]))]
}
