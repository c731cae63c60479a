import { withDetails } from 'backroom'
import type { TSchema } from 'typebox'
import { Compile, type Validator } from 'typebox/compile'
import { catalogErrors } from '../errors.ts'
import { ProductCreateBody, ProductUpdateBody, VariantCreateBody, VariantUpdateBody } from '../schemas.ts'
import { PRODUCT_TEXTS, type Feature, type ProductChange, type ProductFields, type ProductInput, type ProductTexts } from '../services/product-service.ts'
import { stockSignal, type StockSignal } from '../services/stock-service.ts'
import type { Translations } from '../services/translations.ts'
import type { VariantChange, VariantInput } from '../services/variant-service.ts'
import { columnOf, PRODUCT_SKU_COLUMN, SKU_COLUMN, type CellError, type ParsedRow } from './csv-format.ts'

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

/** What a batch reads before its rows are applied, in a few set queries (see ImportStore.snapshot). */
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

/** Why one row of a group could not be written; the whole group is then left out. */
export class RowFailure extends Error {
  constructor (readonly error: CellError) { super(error.reason) }
}

/** Columns that a service error points at when it carries no field of its own. */
const COLUMN_OF_CODE: Record<string, string> = {
  BR_CATALOG_SKU_TAKEN: SKU_COLUMN,
  BR_CATALOG_UNKNOWN_TAX_RULE: 'tax_rule_id',
  BR_CATALOG_UNKNOWN_ATTRIBUTE_VALUE: 'attribute_value_ids',
  BR_CATALOG_INVALID_COMBINATION: 'attribute_value_ids',
  BR_CATALOG_DUPLICATE_COMBINATION: 'attribute_value_ids',
  BR_CATALOG_INSUFFICIENT_STOCK: 'quantity',
  BR_CATALOG_STOCK_ON_VARIANTS: 'quantity',
  BR_CATALOG_PRODUCT_HAS_STOCK: 'quantity'
}

/** The group being applied: a copy of its product that becomes the batch's only once every row is accepted. */
interface Draft {
  product?: PlannedProduct
  created: boolean
  touched: boolean
  movements: StockMovementPlan[]
  signals: PlannedEvent[]
}

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
  private nextProductId = 0
  private nextVariantId = 0

  constructor (private readonly snapshot: CatalogSnapshot) {}

  get products (): Iterable<PlannedProduct> { return this.snapshot.products.values() }

  /** Applies the rows of one product; throws RowFailure for the first row refused. */
  apply (rows: ParsedRow[]): 'created' | 'updated' {
    const draft: Draft = { created: false, touched: false, movements: [], signals: [] }
    const ids = { products: this.nextProductId, variants: this.nextVariantId }
    for (const row of rows) {
      try {
        if (row.kind === 'product') this.applyProduct(draft, row)
        else this.applyVariant(draft, row)
      } catch (error) {
        // The ids the group took are never written: the next group takes them.
        this.nextProductId = ids.products
        this.nextVariantId = ids.variants
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

  private applyProduct (draft: Draft, row: ParsedRow): void {
    const { quantity, ...fields } = row.fields
    const translations = Object.keys(row.translations).length > 0 ? { translations: row.translations } : {}
    const stored = this.snapshot.products.get(row.sku)
    if (stored === undefined) {
      draft.product = this.create(draft, checked<ProductInput>(ProductCreateBody, { sku: row.sku, ...fields, ...translations, ...(quantity === undefined ? {} : { quantity }) }, row))
      draft.created = true
      return
    }
    const product = draft.product = copyOf(stored)
    const change = { ...fields, ...translations }
    if (Object.keys(change).length > 0) {
      this.change(product, checked<ProductChange>(ProductUpdateBody, change, row))
      draft.touched = true
    }
    if (quantity !== undefined) this.setStock(draft, product, null, quantity as number)
  }

  /** As ProductService.insert: a free SKU, a name in the default language, known references, complete texts. */
  private create (draft: Draft, input: ProductInput): PlannedProduct {
    this.assertSkuFree(input.sku)
    const language = this.snapshot.defaultLanguage
    if (input.translations[language]?.name === undefined) throw withDetails(new catalogErrors.BR_CATALOG_DEFAULT_TRANSLATION_REQUIRED(language), { field: `translations/${language}/name` })
    this.checkReferences(input)
    const product: PlannedProduct = {
      id: this.reserved(this.snapshot.newProductIds, this.nextProductId++),
      sku: input.sku,
      price: input.price,
      taxRuleId: input.taxRuleId ?? null,
      weightGrams: input.weightGrams ?? 0,
      widthMm: input.widthMm ?? 0,
      heightMm: input.heightMm ?? 0,
      depthMm: input.depthMm ?? 0,
      quantity: 0,
      lowStockThreshold: input.lowStockThreshold ?? 0,
      allowBackorders: input.allowBackorders ?? false,
      active: input.active ?? false,
      defaultCategoryId: input.defaultCategoryId,
      categoryIds: extrasOf(input.defaultCategoryId, input.categoryIds ?? []),
      translations: {},
      variants: [],
      created: true,
      touched: true,
      stockMoved: false,
      categoriesChanged: true,
      features: input.features ?? [],
      textsChanged: new Set()
    }
    this.writeTexts(product, input.translations)
    if ((input.quantity ?? 0) !== 0) this.move(draft, product, null, input.quantity!)
    return product
  }

  /** As ProductService.change. */
  private change (product: PlannedProduct, change: ProductChange): void {
    if (change.price !== undefined && change.price + lowestImpact(product) < 0) {
      throw withDetails(new catalogErrors.BR_CATALOG_NEGATIVE_PRICE(product.sku), { field: 'price' })
    }
    this.checkReferences(change)
    if (change.defaultCategoryId !== undefined || change.categoryIds !== undefined) {
      product.defaultCategoryId = change.defaultCategoryId ?? product.defaultCategoryId
      product.categoryIds = extrasOf(product.defaultCategoryId, change.categoryIds ?? product.categoryIds)
      product.categoriesChanged = true
    }
    const { defaultCategoryId, categoryIds, features, translations, ...columns } = change
    Object.assign(product, columns)
    if (features !== undefined) product.features = features
    this.writeTexts(product, translations ?? {})
    product.touched = true
  }

  private applyVariant (draft: Draft, row: ParsedRow): void {
    const stored = draft.product ?? this.snapshot.products.get(row.productSku!)
    if (stored === undefined) throw new RowFailure({ row: row.row, column: PRODUCT_SKU_COLUMN, reason: `names no product (${row.productSku!})` })
    const product = draft.product ??= copyOf(stored)
    let variant = product.variants.find(candidate => candidate.sku === row.sku)
    if (variant === undefined && this.snapshot.variantOwners.has(row.sku)) throw new RowFailure({ row: row.row, column: SKU_COLUMN, reason: `is a variant of another product (${row.sku})` })
    const { quantity, ...fields } = row.fields
    if (variant === undefined) {
      variant = this.createVariant(product, checked<VariantInput>(VariantCreateBody, { sku: row.sku, ...fields }, row))
      draft.touched = true
    } else if (Object.keys(fields).length > 0) {
      this.changeVariant(product, variant, checked<VariantChange>(VariantUpdateBody, fields, row))
      draft.touched = true
    }
    if (quantity !== undefined) this.setStock(draft, product, variant, quantity as number)
  }

  /** As VariantService.create. */
  private createVariant (product: PlannedProduct, input: VariantInput): PlannedVariant {
    if (product.variants.length === 0 && product.quantity !== 0) throw new catalogErrors.BR_CATALOG_PRODUCT_HAS_STOCK(product.id, product.quantity)
    if (input.sku === product.sku) throw new catalogErrors.BR_CATALOG_SKU_TAKEN(input.sku)
    this.assertSkuFree(input.sku)
    assertPrice(product.price, input.priceImpact ?? 0, input.sku)
    const combination = this.combination(product, input.valueIds)
    const variant: PlannedVariant = {
      id: this.reserved(this.snapshot.newVariantIds, this.nextVariantId++),
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
  private changeVariant (product: PlannedProduct, variant: PlannedVariant, change: VariantChange): void {
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

  /** As StockService.set: one movement of the difference, on a variant when the product has any. */
  private setStock (draft: Draft, product: PlannedProduct, variant: PlannedVariant | null, quantity: number): void {
    if (variant === null && product.variants.length > 0) throw new catalogErrors.BR_CATALOG_STOCK_ON_VARIANTS(product.id)
    this.move(draft, product, variant, quantity - (variant ?? product).quantity)
  }

  /** As StockService.apply. */
  private move (draft: Draft, product: PlannedProduct, variant: PlannedVariant | null, delta: number): void {
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

  private assertSkuFree (sku: string): void {
    if (this.snapshot.products.has(sku) || this.snapshot.variantOwners.has(sku)) throw new catalogErrors.BR_CATALOG_SKU_TAKEN(sku)
  }

  private checkReferences (input: ProductChange): void {
    if (input.taxRuleId !== null && input.taxRuleId !== undefined && this.snapshot.unknownTaxRules.has(input.taxRuleId)) {
      throw new catalogErrors.BR_CATALOG_UNKNOWN_TAX_RULE(input.taxRuleId)
    }
    for (const [field, ids] of [['defaultCategoryId', input.defaultCategoryId === undefined ? [] : [input.defaultCategoryId]], ['categoryIds', input.categoryIds ?? []]] as const) {
      const unknown = ids.find(id => this.snapshot.unknownCategories.has(id))
      if (unknown !== undefined) throw withDetails(new catalogErrors.BR_CATALOG_UNKNOWN_CATEGORY(unknown), { field })
    }
  }

  /** As TranslationStore.write: known languages; a first text in a language carries a name and gets a slug. */
  private writeTexts (product: PlannedProduct, translations: Translations): void {
    const languages = Object.keys(translations)
    const unknown = languages.find(language => !this.snapshot.languages.has(language))
    if (unknown !== undefined) throw new catalogErrors.BR_CATALOG_UNKNOWN_LANGUAGE(unknown)
    for (const language of languages) {
      const texts = translations[language]
      const existing = product.translations[language]
      if (existing === undefined) {
        const missing = PRODUCT_TEXTS.required.filter(field => texts[field] === undefined)
        if (missing.length > 0) throw withDetails(new catalogErrors.BR_CATALOG_TRANSLATION_INCOMPLETE(language, missing.join(', ')), { field: `translations/${language}/${missing[0]}` })
      }
      product.translations[language] = (existing === undefined ? { shortDescription: '', description: '', ...PRODUCT_TEXTS.complete?.(texts) ?? texts } : { ...existing, ...texts }) as ProductTexts
      product.textsChanged.add(language)
    }
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

  private reserved (ids: number[], index: number): number {
    const id = ids[index]
    if (id === undefined) throw new Error('the import reserved fewer ids than its batch creates')
    return id
  }
}

/** The SKUs a batch's rows name, whose products and variants its snapshot reads. */
export function skusOf (rows: ParsedRow[]): string[] {
  return [...new Set(rows.flatMap(row => row.productSku === null ? [row.sku] : [row.sku, row.productSku]))]
}

function copyOf (product: PlannedProduct): PlannedProduct {
  return {
    ...product,
    categoryIds: [...product.categoryIds],
    translations: Object.fromEntries(Object.entries(product.translations).map(([language, texts]) => [language, { ...texts }])),
    variants: product.variants.map(variant => ({ ...variant })),
    textsChanged: new Set(product.textsChanged)
  }
}

/** Extra categories as ProductService stores them: each once, the default one left out. */
function extrasOf (defaultCategoryId: number, categoryIds: number[]): number[] {
  return [...new Set(categoryIds)].filter(id => id !== defaultCategoryId)
}

function lowestImpact (product: PlannedProduct): number {
  return product.variants.length === 0 ? 0 : Math.min(...product.variants.map(variant => variant.priceImpact))
}

function assertPrice (productPrice: number, impact: number, sku: string): void {
  if (productPrice + impact < 0) throw withDetails(new catalogErrors.BR_CATALOG_NEGATIVE_PRICE(sku), { field: 'priceImpact' })
}

/** The HTTP routes' schemas, compiled once: every row of an import is held to one of them. */
const validators = new Map<TSchema, Validator>([ProductCreateBody, ProductUpdateBody, VariantCreateBody, VariantUpdateBody].map(schema => [schema, Compile(schema)]))

/** Holds a row's input to the same schema as the HTTP routes, naming the column of the first problem. */
function checked<T> (schema: TSchema, value: Record<string, unknown>, row: ParsedRow): T {
  const validator = validators.get(schema)!
  if (validator.Check(value)) return value as T
  const [first] = validator.Errors(value)
  const missing = first.keyword === 'required' ? `/${String((first.params as { requiredProperties?: string[] }).requiredProperties?.[0] ?? '')}` : ''
  const path = `${first.instancePath}${missing}`
  throw new RowFailure({ row: row.row, column: columnOf(path), reason: first.keyword === 'required' ? 'is required' : first.message })
}

/** A refused row as a row error: catalog errors (BR_CATALOG_*, 4xx) are the row's fault, anything else is not. */
function rowFailure (error: unknown, row: ParsedRow): unknown {
  if (error instanceof RowFailure) return error
  const known = error as { code?: string, statusCode?: number, message: string, details?: { field?: string } }
  if (typeof known.code !== 'string' || !known.code.startsWith('BR_') || (known.statusCode ?? 500) >= 500) return error
  const column = known.details?.field !== undefined ? columnOf(`/${known.details.field}`) : COLUMN_OF_CODE[known.code] ?? null
  return new RowFailure({ row: row.row, column, reason: known.message })
}
