import type { Knex } from 'knex'
import { catalogErrors } from '../errors.ts'
import type { CategoryService } from './category-service.ts'
import type { LocalizationReader } from './localization-reader.ts'

export const PRODUCT_SORTS = ['name', 'price', 'stock', 'date'] as const
export type ProductSort = typeof PRODUCT_SORTS[number]
export type SortOrder = 'asc' | 'desc'

export interface ProductQuery {
  /** Language of the names listed and sorted on; the default language when left out. */
  language?: string
  categoryId?: number
  /** With categoryId: also products of its sub-categories (the default). */
  includeSubcategories?: boolean
  active?: boolean
  priceMin?: number
  priceMax?: number
  stockMin?: number
  stockMax?: number
  /** At or below their low-stock threshold (true), or above it (false). */
  lowStock?: boolean
  /** Words matched as prefixes of the words of a name (any language), or a prefix of a product or variant SKU. */
  q?: string
  sort: ProductSort
  order: SortOrder
  limit: number
  cursor?: string
}

export interface ProductSummary {
  id: number
  sku: string
  name: string | null
  price: number
  currency: string
  quantity: number
  lowStockThreshold: number
  active: boolean
  defaultCategoryId: number
  createdAt: Date
  updatedAt: Date
}

export interface ProductPage { items: ProductSummary[], total: number, nextCursor: string | null }

/** The type of each sort key, as a cursor carries it. */
const SORT_KEYS: Record<ProductSort, { cast: string, valid: (value: unknown) => boolean }> = {
  name: { cast: 'text', valid: value => typeof value === 'string' },
  price: { cast: 'bigint', valid: value => Number.isSafeInteger(value) },
  stock: { cast: 'integer', valid: value => Number.isSafeInteger(value) },
  date: { cast: 'timestamptz', valid: value => typeof value === 'string' && !Number.isNaN(Date.parse(value)) }
}

/** The rows a list filters, counts and sorts, and the SQL of each column it reads there. */
interface ListSource {
  id: string
  active: string
  price: string
  quantity: string
  lowStock: string
  sortKeys: Record<ProductSort, string>
}

/** Every product, for lists across the whole catalog; its name sort reads the translation joined as t. */
const PRODUCTS: ListSource = {
  id: 'p.id',
  active: 'p.active',
  price: 'p.price',
  quantity: 'p.quantity',
  lowStock: 'p.quantity <= p.low_stock_threshold',
  sortKeys: { name: "coalesce(lower(t.name), '')", price: 'p.price', stock: 'p.quantity', date: 'p.created_at' }
}

/**
 * The product_listing rows of one category and language (see its migration): the page and the
 * count of a category are a range of its index, sub-categories included, with no product read.
 */
const LISTING: ListSource = {
  id: 'l.product_id',
  active: 'l.active',
  price: 'l.price',
  quantity: 'l.quantity',
  lowStock: 'l.low_stock',
  sortKeys: { name: 'l.name_key', price: 'l.price', stock: 'l.quantity', date: 'l.created_at' }
}

interface Cursor { sort: ProductSort, order: SortOrder, key: unknown, id: number }

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, match => `\\${match}`)

/**
 * Product lists: every filter and sort runs on an indexed column, pages follow a keyset cursor
 * (the sort key and the id of the last row), and the total counts the whole filtered set.
 */
export class ProductSearch {
  /** Languages known to be in product_listing, so that a list asks the database only once. */
  readonly #listedLanguages = new Set<string>()

  constructor (private readonly db: Knex, private readonly categories: CategoryService, private readonly localization: LocalizationReader) {}

  async list (query: ProductQuery): Promise<ProductPage> {
    const language = query.language ?? await this.localization.defaultLanguage()
    await this.localization.assertKnownLanguages([language])
    const cursor = query.cursor === undefined ? undefined : this.decode(query.cursor, query)
    const source = query.categoryId === undefined ? PRODUCTS : LISTING
    if (query.categoryId !== undefined) {
      // Refuses an unknown category: the listing would only find no row.
      await this.categories.path(query.categoryId)
      await this.listLanguage(language)
    }
    const text = query.q?.trim() ?? ''
    const total = await this.count(query, language, source, text)
    const sortKey = source.sortKeys[query.sort]
    const direction = query.order === 'asc' ? 'asc' : 'desc'
    const page = this.filtered(query, language, source)
    if (text !== '') page.where(builder => { for (const matches of this.textMatches(text)) builder.orWhereIn(source.id, matches) })
    if (source === LISTING) page.join('catalog.products as p', 'p.id', 'l.product_id')
    page.leftJoin('catalog.product_translations as t', (join: Knex.JoinClause) => { join.on('t.product_id', 'p.id').andOn('t.language', this.db.raw('?', [language])) })
      .select('p.*', 't.name', this.db.raw(`${sortKey} as sort_key`))
      .orderByRaw(`${sortKey} ${direction}, ${source.id} ${direction}`)
      .limit(query.limit + 1)
    if (cursor !== undefined) page.whereRaw(`(${sortKey}, ${source.id}) ${direction === 'asc' ? '>' : '<'} (?::${SORT_KEYS[query.sort].cast}, ?)`, [cursor.key as string | number, cursor.id])
    const rows: Array<Record<string, any>> = await page
    const items = rows.slice(0, query.limit)
    const last = items.at(-1)
    const nextCursor = rows.length > query.limit && last !== undefined ? this.encode({ sort: query.sort, order: query.order, key: last.sort_key, id: last.id }) : null
    return { items: items.map(row => this.toSummary(row)), total, nextCursor }
  }

  /**
   * Makes sure product_listing holds rows in a language (the migration listed those known then;
   * the triggers keep every listed one current). EXCLUSIVE waits for the writers of the listing
   * and holds off new ones, so that no product is written meanwhile without rows in it.
   */
  private async listLanguage (language: string): Promise<void> {
    if (this.#listedLanguages.has(language)) return
    const listed = await this.db('catalog.product_listing_languages').where({ language }).first('language')
    if (listed === undefined) {
      await this.db.transaction(async trx => {
        await trx.raw('lock table catalog.product_listing_languages in exclusive mode')
        const added = await trx('catalog.product_listing_languages').insert({ language }).onConflict('language').ignore().returning('language')
        if (added.length > 0) await trx.raw('select catalog.refresh_product_listing(array(select id from catalog.products))')
      })
    }
    this.#listedLanguages.add(language)
  }

  /**
   * The total. Text matches are counted as one set (the union of textMatches): a few index scans
   * and a hash of the matches, where ORing them made a seq scan test three conditions on every
   * product (~60 ms at 100,000). Text alone needs no product row to be counted.
   */
  private async count (query: ProductQuery, language: string, source: ListSource, text: string): Promise<number> {
    let counted = this.filtered(query, language, source)
    if (text !== '') {
      const [first, ...others] = this.textMatches(text)
      const matches = first.union(others)
      if (source === PRODUCTS && this.conditions(query, source).length === 0) counted = this.db.from(matches.as('m'))
      else counted.whereIn(source.id, matches)
    }
    const [{ count }] = await counted.count({ count: '*' })
    return Number(count)
  }

  /** The rows of a source that pass every filter but the text, a query builder to count or page (built synchronously: awaiting a builder runs it). */
  private filtered (query: ProductQuery, language: string, source: ListSource): Knex.QueryBuilder {
    const rows = source === LISTING
      ? this.db('catalog.product_listing as l').where({ 'l.category_id': query.categoryId, 'l.language': language })
      : this.db('catalog.products as p')
    if (source === LISTING && query.includeSubcategories === false) rows.where('l.direct', true)
    for (const condition of this.conditions(query, source)) condition(rows)
    return rows
  }

  /** The filters on a product's own columns, in a source's SQL. */
  private conditions (query: ProductQuery, source: ListSource): Array<(rows: Knex.QueryBuilder) => void> {
    const conditions: Array<(rows: Knex.QueryBuilder) => void> = []
    const { active, priceMin, priceMax, stockMin, stockMax, lowStock } = query
    if (active !== undefined) conditions.push(rows => rows.where(source.active, active))
    if (priceMin !== undefined) conditions.push(rows => rows.where(source.price, '>=', priceMin))
    if (priceMax !== undefined) conditions.push(rows => rows.where(source.price, '<=', priceMax))
    if (stockMin !== undefined) conditions.push(rows => rows.where(source.quantity, '>=', stockMin))
    if (stockMax !== undefined) conditions.push(rows => rows.where(source.quantity, '<=', stockMax))
    if (lowStock !== undefined) conditions.push(rows => rows.whereRaw(lowStock ? source.lowStock : `not (${source.lowStock})`))
    return conditions
  }

  /**
   * Text search, as queries of the ids of the products it matches: a SKU prefix (text_pattern_ops
   * on lower(sku)) of the product or of a variant, or every word a prefix of a word of a name in
   * one language (a 'simple' tsvector, GIN). A page ORs them, each run once as a hashed sub-plan,
   * so that it walks the index of its sort and stops after a page; joined with their union, it
   * would fetch and sort every match first.
   */
  private textMatches (text: string): Knex.QueryBuilder[] {
    const skuPrefix = `${escapeLike(text.toLowerCase())}%`
    const words = text.match(/[\p{L}\p{N}]+/gu) ?? []
    const matches = [
      this.db('catalog.products').select('id').whereRaw("lower(sku) like ? escape '\\'", [skuPrefix]),
      this.db('catalog.product_variants').select('product_id').whereRaw("lower(sku) like ? escape '\\'", [skuPrefix])
    ]
    if (words.length > 0) {
      const tsquery = words.map(word => `${word}:*`).join(' & ')
      matches.push(this.db('catalog.product_translations').select('product_id').whereRaw("search_vector @@ to_tsquery('simple', ?)", [tsquery]))
    }
    return matches
  }

  private encode (cursor: Cursor): string {
    const key = cursor.key instanceof Date ? cursor.key.toISOString() : cursor.key
    return Buffer.from(JSON.stringify([cursor.sort, cursor.order, key, cursor.id])).toString('base64url')
  }

  private decode (text: string, query: ProductQuery): Cursor {
    let parsed: unknown
    try {
      parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    } catch {
      throw new catalogErrors.BR_CATALOG_INVALID_CURSOR()
    }
    if (!Array.isArray(parsed) || parsed.length !== 4) throw new catalogErrors.BR_CATALOG_INVALID_CURSOR()
    const [sort, order, key, id] = parsed
    if (sort !== query.sort || order !== query.order || !SORT_KEYS[query.sort].valid(key) || !Number.isSafeInteger(id)) throw new catalogErrors.BR_CATALOG_INVALID_CURSOR()
    return { sort, order, key, id }
  }

  private toSummary (row: Record<string, any>): ProductSummary {
    return {
      id: row.id,
      sku: row.sku,
      name: row.name,
      price: row.price,
      currency: row.currency,
      quantity: row.quantity,
      lowStockThreshold: row.low_stock_threshold,
      active: row.active,
      defaultCategoryId: row.default_category_id,
      createdAt: row.created_at,
      updatedAt: row.updated_at
    }
  }
}
