import { catalogErrors } from '../errors.ts'
import type { Feature, ProductFields, ProductTexts } from '../services/product-service.ts'
import type { StockSignal } from '../services/stock-service.ts'

/** A variant as a batch sees it: as stored, then as the batch's rows leave it. */
export interface PlannedVariant {
  id: number
  sku: string
  priceImpact: number
  weightImpactGrams: number
  quantity: number
  /** The sorted value ids ('3,7'). */
  combination: string
  created: boolean
  /** Its data (not only its stock) changed: a new updated_at. */
  touched: boolean
  stockMoved: boolean
  /** Its values (value id → group id), when they are to be written. */
  values?: Map<number, number>
}

/** A product as a batch sees it: its stored row and links, then what the batch's rows change. */
export interface PlannedProduct extends Omit<ProductFields, 'features'> {
  id: number
  quantity: number
  /** Complete texts of the languages it has. */
  translations: Record<string, ProductTexts>
  variants: PlannedVariant[]
  created: boolean
  /** Its data (not only its stock) changed: a new updated_at. */
  touched: boolean
  stockMoved: boolean
  categoriesChanged: boolean
  /** The features replacing the stored ones, when a row gave them. */
  features?: Feature[]
  /** Languages whose texts are to be written. */
  textsChanged: Set<string>
}

/** What a batch reads before its rows are applied, in a few set queries (see ImportStore.plan). */
export interface CatalogSnapshot {
  /** Products named by any SKU of the batch, locked, by SKU. */
  products: Map<string, PlannedProduct>
  /** Stored variants named by a SKU of the batch or belonging to one of its products: SKU → its product's SKU. */
  variantOwners: Map<string, string>
  unknownCategories: Set<number>
  unknownTaxRules: Set<number>
  /** Attribute values named by the batch that exist: value id → group id. */
  valueGroups: Map<number, number>
  languages: Set<string>
  defaultLanguage: string
  /** Ids reserved for the products and variants the batch may create, in order. */
  newProductIds: number[]
  newVariantIds: number[]
}

export interface StockMovementPlan { productId: number, variantId: number | null, variantSku: string | null, delta: number, quantityAfter: number }

export interface PlannedEvent { event: 'catalog.product.created' | 'catalog.product.updated' | StockSignal['event'], payload: object }

/** The group being applied: a copy of its product that becomes the batch's only once every row is accepted. */
export interface GroupDraft {
  product?: PlannedProduct
  created: boolean
  touched: boolean
  movements: StockMovementPlan[]
  signals: PlannedEvent[]
}

/** The ids a snapshot reserved for one kind of row, handed out in order. */
export class ReservedIds {
  /** How many have been handed out. */
  taken = 0

  constructor (private readonly ids: number[]) {}

  next (): number {
    const id = this.ids[this.taken++]
    if (id === undefined) throw new Error('the import reserved fewer ids than its batch creates')
    return id
  }
}

export function assertSkuFree (snapshot: CatalogSnapshot, sku: string): void {
  if (snapshot.products.has(sku) || snapshot.variantOwners.has(sku)) throw new catalogErrors.BR_CATALOG_SKU_TAKEN(sku)
}

export function copyOf (product: PlannedProduct): PlannedProduct {
  return {
    ...product,
    categoryIds: [...product.categoryIds],
    translations: Object.fromEntries(Object.entries(product.translations).map(([language, texts]) => [language, { ...texts }])),
    variants: product.variants.map(variant => ({ ...variant })),
    textsChanged: new Set(product.textsChanged)
  }
}
