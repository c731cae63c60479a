import { withDetails } from 'backroom'
import type { Knex } from 'knex'
import { catalogErrors } from '../errors.ts'
import type { CategoryService } from './category-service.ts'
import type { EmitEvent } from './events.ts'
import type { ImageService, ProductImage } from './image-service.ts'
import type { LocalizationReader } from './localization-reader.ts'
import { lockProduct, touchProduct } from './product-lock.ts'
import { assertSkuFree, copySku, guardSku } from './skus.ts'
import type { StockService } from './stock-service.ts'
import { completeSlug, type TranslationStore, type TranslationTable, type Translations } from './translations.ts'
import type { Variant, VariantService } from './variant-service.ts'

export const PRODUCT_TEXTS: TranslationTable = {
  table: 'catalog.product_translations',
  owner: 'product_id',
  columns: { name: 'name', shortDescription: 'short_description', description: 'description', slug: 'slug' },
  required: ['name'],
  complete: completeSlug
}

export interface ProductTexts { name: string, shortDescription: string, description: string, slug: string }

export interface Feature { key: string, value: string }

export interface ProductFields {
  sku: string
  /** Minor units of the product's currency. */
  price: number
  taxRuleId: number | null
  weightGrams: number
  widthMm: number
  heightMm: number
  depthMm: number
  lowStockThreshold: number
  allowBackorders: boolean
  /** Published: visible in the shop. */
  active: boolean
  defaultCategoryId: number
  /** Extra categories; the default category always belongs to the product too. */
  categoryIds: number[]
  features: Feature[]
}

export interface Product extends ProductFields {
  id: number
  currency: string
  quantity: number
  translations: Record<string, ProductTexts>
  images: ProductImage[]
  variants: Variant[]
  createdAt: Date
  updatedAt: Date
}

export type ProductInput = Partial<ProductFields> & Pick<ProductFields, 'sku' | 'price' | 'defaultCategoryId'> & {
  translations: Translations
  /** Initial stock, written to the ledger. */
  quantity?: number
}

export type ProductChange = Partial<ProductFields> & { translations?: Translations }

const PRODUCTS = 'catalog.products'

/** The product's own columns, by field: what a products row holds of ProductFields. */
export type ProductRowFields = Omit<ProductFields, 'categoryIds' | 'features'>

const COLUMNS: Record<keyof ProductRowFields, string> = {
  sku: 'sku',
  price: 'price',
  taxRuleId: 'tax_rule_id',
  weightGrams: 'weight_grams',
  widthMm: 'width_mm',
  heightMm: 'height_mm',
  depthMm: 'depth_mm',
  lowStockThreshold: 'low_stock_threshold',
  allowBackorders: 'allow_backorders',
  active: 'active',
  defaultCategoryId: 'default_category_id'
}

/** The fields of a products row. */
export function productRowFields (row: Record<string, any>): ProductRowFields {
  return Object.fromEntries(Object.entries(COLUMNS).map(([field, column]) => [field, row[column]])) as ProductRowFields
}

/** A products row's columns from the fields. */
export function productRowColumns (fields: ProductRowFields): Record<string, unknown> {
  return Object.fromEntries(Object.entries(COLUMNS).map(([field, column]) => [column, fields[field as keyof ProductRowFields]]))
}

/** Products: their own row, texts, categories and features; variants, images and stock through their services. */
export class ProductService {
  constructor (
    private readonly db: Knex,
    private readonly texts: TranslationStore,
    private readonly localization: LocalizationReader,
    private readonly categories: CategoryService,
    private readonly stock: StockService,
    private readonly variants: VariantService,
    private readonly images: ImageService,
    private readonly emit: EmitEvent
  ) {}

  async get (id: number, trx?: Knex.Transaction): Promise<Product> {
    const [product] = await this.getMany([id], trx)
    if (product === undefined) throw new catalogErrors.BR_CATALOG_PRODUCT_NOT_FOUND(id)
    return product
  }

  /** Whole products in the order of the ids given (unknown ids left out), a handful of queries for all of them. */
  async getMany (ids: number[], trx?: Knex.Transaction): Promise<Product[]> {
    const db = trx ?? this.db
    const rows = await db(PRODUCTS).whereIn('id', ids)
    if (rows.length === 0) return []
    const found = rows.map(row => row.id as number)
    const links = await db('catalog.product_categories').whereIn('product_id', found).orderBy('category_id').select('product_id', 'category_id')
    const features = await db('catalog.product_features').whereIn('product_id', found).orderBy('position').select('product_id', 'key', 'value')
    const translations = await this.texts.read<ProductTexts>(PRODUCT_TEXTS, found, trx)
    const images = await this.images.list(found, trx)
    const variants = await this.variants.list(found, trx)
    const byId = new Map(rows.map(row => [row.id as number, row]))
    return ids.filter(id => byId.has(id)).map(id => {
      const row = byId.get(id)!
      return {
        id,
        ...productRowFields(row),
        currency: row.currency,
        quantity: row.quantity,
        categoryIds: links.filter(link => link.product_id === id && link.category_id !== row.default_category_id).map(link => link.category_id),
        features: features.filter(feature => feature.product_id === id).map(feature => ({ key: feature.key, value: feature.value })),
        translations: translations.get(id)!,
        images: images.get(id)!,
        variants: variants.get(id)!,
        createdAt: row.created_at,
        updatedAt: row.updated_at
      }
    })
  }

  /** Ids of products after the given one, in id order: the keyset an export walks. */
  async idsAfter (afterId: number, limit: number): Promise<number[]> {
    return await this.db(PRODUCTS).where('id', '>', afterId).orderBy('id').limit(limit).pluck('id')
  }

  async create (input: ProductInput, employeeId: number | null): Promise<Product> {
    return await this.db.transaction(async trx => await this.get(await this.insert(input, employeeId, trx), trx))
  }

  /** Creates a product and returns its id; an initial quantity enters the ledger. */
  async insert (input: ProductInput, employeeId: number | null, trx: Knex.Transaction): Promise<number> {
    await assertSkuFree(trx, input.sku)
    await this.texts.requireDefaultName(input.translations, trx)
    await this.checkReferences(trx, input)
    const currency = await this.localization.defaultCurrency(trx)
    const [{ id }] = await guardSku(input.sku, async () => await trx(PRODUCTS).insert({ ...this.toColumns(input), currency }).returning('id'))
    await this.writeCategories(trx, id, input.defaultCategoryId, input.categoryIds ?? [])
    await this.writeFeatures(trx, id, input.features ?? [])
    await this.texts.write(trx, PRODUCT_TEXTS, id, input.translations)
    if ((input.quantity ?? 0) !== 0) await this.stock.move({ productId: id, delta: input.quantity!, reason: 'manual', employeeId }, trx)
    await this.emit(trx, 'catalog.product.created', { id, sku: input.sku })
    return id
  }

  async update (id: number, change: ProductChange): Promise<Product> {
    return await this.db.transaction(async trx => {
      await this.change(id, change, trx)
      return await this.get(id, trx)
    })
  }

  async change (id: number, change: ProductChange, trx: Knex.Transaction): Promise<void> {
    const product = await lockProduct(trx, id)
    if (change.sku !== undefined && change.sku !== product.sku) await assertSkuFree(trx, change.sku, { productId: id })
    if (change.price !== undefined && change.price + await this.variants.lowestImpact(trx, id) < 0) {
      throw withDetails(new catalogErrors.BR_CATALOG_NEGATIVE_PRICE(product.sku), { field: 'price' })
    }
    await this.checkReferences(trx, change)
    if (change.defaultCategoryId !== undefined || change.categoryIds !== undefined) {
      const { default_category_id: currentDefault } = await trx(PRODUCTS).where({ id }).first('default_category_id')
      const extras = change.categoryIds ?? await trx('catalog.product_categories').where({ product_id: id }).whereNot('category_id', currentDefault).pluck('category_id')
      await trx('catalog.product_categories').where({ product_id: id }).delete()
      await this.writeCategories(trx, id, change.defaultCategoryId ?? currentDefault, extras)
    }
    const columns = this.toColumns(change)
    if (Object.keys(columns).length > 0) await guardSku(change.sku ?? product.sku, async () => await trx(PRODUCTS).where({ id }).update(columns))
    if (change.features !== undefined) {
      await trx('catalog.product_features').where({ product_id: id }).delete()
      await this.writeFeatures(trx, id, change.features)
    }
    await this.texts.write(trx, PRODUCT_TEXTS, id, change.translations ?? {})
    await touchProduct(trx, this.emit, { id, sku: change.sku ?? product.sku })
  }

  /** Changes texts only: what a translator may do. */
  async updateTexts (id: number, translations: Translations): Promise<Product> {
    return await this.update(id, { translations })
  }

  async delete (id: number): Promise<void> {
    const folder = await this.images.folder()
    const fileNames = await this.db.transaction(async trx => {
      const product = await lockProduct(trx, id)
      const files = await this.images.fileNames(trx, id)
      await trx(PRODUCTS).where({ id }).delete()
      await this.emit(trx, 'catalog.product.deleted', { id, sku: product.sku })
      return files
    })
    await folder.remove(fileNames)
  }

  /** An unpublished copy under a new SKU, with the texts, categories, features, images and variants; no stock. */
  async duplicate (id: number): Promise<Product> {
    const folder = await this.images.folder()
    return await this.db.transaction(async trx => {
      await lockProduct(trx, id)
      const source = await this.get(id, trx)
      const sku = await copySku(trx, source.sku)
      const fields = Object.fromEntries(Object.keys(COLUMNS).map(field => [field, source[field as keyof ProductFields]])) as Partial<ProductFields>
      const [{ id: copyId }] = await trx(PRODUCTS).insert({ ...this.toColumns({ ...fields, sku, active: false }), currency: source.currency }).returning('id')
      await this.writeCategories(trx, copyId, source.defaultCategoryId, source.categoryIds)
      await this.writeFeatures(trx, copyId, source.features)
      await this.texts.copy(trx, PRODUCT_TEXTS, id, copyId)
      await this.images.copyAll(trx, folder, id, copyId)
      await this.variants.copyAll(trx, id, copyId)
      await this.emit(trx, 'catalog.product.created', { id: copyId, sku })
      return await this.get(copyId, trx)
    })
  }

  private async checkReferences (trx: Knex.Transaction, input: ProductChange): Promise<void> {
    await this.localization.assertTaxRule(input.taxRuleId, trx)
    for (const [field, ids] of [['defaultCategoryId', input.defaultCategoryId === undefined ? [] : [input.defaultCategoryId]], ['categoryIds', input.categoryIds ?? []]] as const) {
      const [unknown] = await this.categories.missing(ids, trx)
      if (unknown !== undefined) throw withDetails(new catalogErrors.BR_CATALOG_UNKNOWN_CATEGORY(unknown), { field })
    }
  }

  private async writeCategories (trx: Knex.Transaction, productId: number, defaultCategoryId: number, extra: number[]): Promise<void> {
    const ids = [...new Set([defaultCategoryId, ...extra])]
    await trx('catalog.product_categories').insert(ids.map(categoryId => ({ product_id: productId, category_id: categoryId })))
  }

  private async writeFeatures (trx: Knex.Transaction, productId: number, features: Feature[]): Promise<void> {
    if (features.length === 0) return
    await trx('catalog.product_features').insert(features.map((feature, position) => ({ product_id: productId, position, key: feature.key, value: feature.value })))
  }

  private toColumns (fields: Partial<ProductFields>): Record<string, unknown> {
    const row: Record<string, unknown> = {}
    for (const [field, column] of Object.entries(COLUMNS)) {
      const value = fields[field as keyof ProductFields]
      if (value !== undefined) row[column] = value
    }
    if (Object.keys(row).length > 0) row.updated_at = this.db.fn.now()
    return row
  }
}
