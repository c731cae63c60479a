import { precompiledQuery, withDetails } from 'backroom'
import type { Knex } from 'knex'
import { catalogErrors } from '../errors.ts'
import type { CategoryService } from './category-service.ts'
import type { EmitEvent } from './events.ts'
import { IMAGE_TEXTS, IMAGES, imageOf, type ImageService, type ProductImage } from './image-service.ts'
import type { LocalizationReader } from './localization-reader.ts'
import { lockProduct, touchProduct } from './product-lock.ts'
import { assertSkuFree, copySku, guardSku } from './skus.ts'
import type { StockService } from './stock-service.ts'
import { completeSlug, type TranslationStore, type TranslationTable, type Translations } from './translations.ts'
import { VARIANTS, variantOf, type Variant, type VariantService } from './variant-service.ts'

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

/** A product's texts in one language as a JSON object of its fields. */
const textFields = Object.entries(PRODUCT_TEXTS.columns).map(([field, column]) => `'${field}', t.${column}`).join(', ')

/**
 * Whole products in one statement: each products row with its categories, features, texts,
 * images (with their alternative texts) and variants (with their values) aggregated as JSON
 * beside it, all of them integers, text and timestamps, which JSON keeps (the timestamps as ISO
 * text). It was seven queries built by knex, as many round trips for every product page and for
 * the answer of every product write.
 */
const wholeProducts = precompiledQuery<[ids: number[]]>((db, ids) => db(`${PRODUCTS} as p`)
  .where('p.id', '=', db.raw('any(?::int[])', [ids]))
  .select('p.*', db.raw(`
    (select coalesce(json_agg(pc.category_id order by pc.category_id), '[]') from catalog.product_categories pc
      where pc.product_id = p.id and pc.category_id <> p.default_category_id) as extra_category_ids,
    (select coalesce(json_agg(json_build_object('key', f.key, 'value', f.value) order by f.position), '[]') from catalog.product_features f
      where f.product_id = p.id) as features,
    (select coalesce(json_object_agg(t.language, json_build_object(${textFields}) order by t.language), '{}') from ${PRODUCT_TEXTS.table} t
      where t.product_id = p.id) as texts,
    (select coalesce(json_agg(json_build_object('id', i.id, 'product_id', i.product_id, 'position', i.position, 'file_name', i.file_name,
        'content_type', i.content_type, 'size_bytes', i.size_bytes, 'created_at', i.created_at,
        'alt', (select coalesce(json_object_agg(it.language, it.alt order by it.language), '{}') from ${IMAGE_TEXTS.table} it where it.image_id = i.id)
      ) order by i.position), '[]') from ${IMAGES} i where i.product_id = p.id) as images,
    (select coalesce(json_agg(json_build_object('id', v.id, 'product_id', v.product_id, 'sku', v.sku, 'price_impact', v.price_impact,
        'weight_impact_grams', v.weight_impact_grams, 'quantity', v.quantity, 'created_at', v.created_at, 'updated_at', v.updated_at,
        'value_ids', (select coalesce(json_agg(vv.value_id order by vv.value_id), '[]') from catalog.variant_values vv where vv.variant_id = v.id)
      ) order by v.id), '[]') from ${VARIANTS} v where v.product_id = p.id) as variants`)))

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

  /** Whole products in the order of the ids given (unknown ids left out), in one statement (wholeProducts). */
  async getMany (ids: number[], trx?: Knex.Transaction): Promise<Product[]> {
    const rows = await wholeProducts(trx ?? this.db, ids)
    const byId = new Map(rows.map(row => [row.id as number, row]))
    return ids.flatMap(id => {
      const row = byId.get(id)
      if (row === undefined) return []
      return [{
        id,
        ...productRowFields(row),
        currency: row.currency,
        quantity: row.quantity,
        categoryIds: row.extra_category_ids,
        features: row.features,
        translations: row.texts as Record<string, ProductTexts>,
        images: row.images.map((image: Record<string, any>) => imageOf(image, image.alt)),
        variants: row.variants.map((variant: Record<string, any>) => variantOf(variant, row.price, variant.value_ids)),
        createdAt: row.created_at,
        updatedAt: row.updated_at
      }]
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
