import type { Knex } from 'knex'
import { catalogErrors } from '../errors.ts'
import { listLanguages } from './listing-languages.ts'

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

/** What a list checks before it reads: see ProductSearch.context. */
interface ListContext { language: string, knownLanguage: boolean, knownCategory: boolean, listed: boolean }

/** A set of matches of the text, as a query of product ids (`id`) run once per list under its name (a CTE). */
interface TextMatches { name: string, ids: Knex.QueryBuilder }

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, match => `\\${match}`)

/**
 * Product lists: every filter and sort runs on an indexed column, pages follow a keyset cursor
 * (the sort key and the id of the last row), and the total counts the whole filtered set.
 */
export class ProductSearch {
  constructor (private readonly db: Knex) {}

  /**
   * Two statements for a page: the checks (context), then the page with its total. The total
   * rides on the page's rows as a scalar subquery, run once; only an empty page after a cursor
   * counts apart, as there no row carries it (without a cursor, no row means no match).
   */
  async list (query: ProductQuery): Promise<ProductPage> {
    const { language, knownLanguage, knownCategory, listed } = await this.context(query)
    if (!knownLanguage) throw new catalogErrors.BR_CATALOG_UNKNOWN_LANGUAGE(language)
    const cursor = query.cursor === undefined ? undefined : this.decode(query.cursor, query)
    const source = query.categoryId === undefined ? PRODUCTS : LISTING
    if (query.categoryId !== undefined) {
      // The listing would only find no row for an unknown category.
      if (!knownCategory) throw new catalogErrors.BR_CATALOG_UNKNOWN_CATEGORY(query.categoryId)
      // A language is listed as it is added, or as the catalog is enabled after it was; only one
      // written around localization's API (straight into its table) is listed here, at first use.
      if (!listed) await this.db.transaction(async trx => { await listLanguages(trx, [language]) })
    }
    const text = query.q?.trim() ?? ''
    const matches = text === '' ? [] : this.textMatches(text)
    const sortKey = source.sortKeys[query.sort]
    const direction = query.order === 'asc' ? 'asc' : 'desc'
    const page = this.withMatches(this.filtered(query, language, source), matches)
    if (matches.length > 0) page.where(builder => { for (const { name } of matches) builder.orWhereIn(source.id, this.db.from(name).select('id')) })
    if (source === LISTING) page.join('catalog.products as p', 'p.id', 'l.product_id')
    page.leftJoin('catalog.product_translations as t', (join: Knex.JoinClause) => { join.on('t.product_id', 'p.id').andOn('t.language', this.db.raw('?', [language])) })
      .select('p.*', 't.name', this.db.raw(`${sortKey} as sort_key`), this.db.raw('(?) as total', [this.count(query, language, source, matches)]))
      .orderByRaw(`${sortKey} ${direction}, ${source.id} ${direction}`)
      .limit(query.limit + 1)
    if (cursor !== undefined) page.whereRaw(`(${sortKey}, ${source.id}) ${direction === 'asc' ? '>' : '<'} (?::${SORT_KEYS[query.sort].cast}, ?)`, [cursor.key as string | number, cursor.id])
    const rows: Array<Record<string, any>> = await page
    let total = rows.length > 0 ? Number(rows[0].total) : 0
    if (rows.length === 0 && cursor !== undefined) {
      const [{ count }] = await this.withMatches(this.db.select(this.db.raw('(?) as count', [this.count(query, language, source, matches)])), matches)
      total = Number(count)
    }
    const items = rows.slice(0, query.limit)
    const last = items.at(-1)
    const nextCursor = rows.length > query.limit && last !== undefined ? this.encode({ sort: query.sort, order: query.order, key: last.sort_key, id: last.id }) : null
    return { items: items.map(row => this.toSummary(row)), total, nextCursor }
  }

  /**
   * The checks of a list in one round trip rather than one each: the language (the default one
   * when none is asked) and whether localization knows it, whether the category exists, and
   * whether product_listing holds the language. It reads localization's languages table, as the
   * catalog may read the tables of a module it requires, where its API would take two queries.
   */
  private async context (query: ProductQuery): Promise<ListContext> {
    const { rows: [row] } = await this.db.raw(`select asked.language,
        exists (select from localization.languages where code = asked.language) as known_language,
        exists (select from catalog.categories where id = ?) as known_category,
        exists (select from catalog.product_listing_languages where language = asked.language) as listed
      from (select coalesce(?::text, (select code from localization.languages where is_default)) as language) asked`,
    [query.categoryId ?? null, query.language ?? null])
    return { language: row.language, knownLanguage: row.known_language, knownCategory: row.known_category, listed: row.listed }
  }

  /**
   * The total, as a query of one value. The text matches are counted from their sets, without
   * a product row when no other filter applies: their union (a hash of every match) cost about
   * as much as reading them, where count(distinct) over them all sorts bare ids (2.3 ms against
   * 1.4 ms for 5,000 matches). With other filters the products or listing rows are counted,
   * semi-joined to the matches.
   */
  private count (query: ProductQuery, language: string, source: ListSource, matches: TextMatches[]): Knex.QueryBuilder {
    if (matches.length === 0) return this.filtered(query, language, source).count({ count: '*' })
    const [first, ...others] = matches.map(({ name }) => this.db.from(name).select('id'))
    const ids = first.unionAll(others)
    if (source === PRODUCTS && this.conditions(query, source).length === 0) return this.db.from(ids.as('m')).countDistinct({ count: 'id' })
    return this.filtered(query, language, source).whereIn(source.id, ids).count({ count: '*' })
  }

  /** Names each set of text matches on the statement, so that its total and its page read them once. */
  private withMatches (statement: Knex.QueryBuilder, matches: TextMatches[]): Knex.QueryBuilder {
    for (const { name, ids } of matches) statement.withMaterialized(name, ids)
    return statement
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
   * Text search, as sets of the ids of the products it matches: a SKU prefix (text_pattern_ops
   * on lower(sku)) of the product or of a variant, or every word a prefix of a word of a name in
   * one language (a 'simple' tsvector, GIN). A page ORs them, each a hashed sub-plan, so that it
   * walks the index of its sort and stops after a page; joined with their union, it would fetch
   * and sort every match first.
   */
  private textMatches (text: string): TextMatches[] {
    const skuPrefix = `${escapeLike(text.toLowerCase())}%`
    const words = text.match(/[\p{L}\p{N}]+/gu) ?? []
    const matches = [{
      name: 'sku_matches',
      ids: this.db('catalog.products').select('id').whereRaw("lower(sku) like ? escape '\\'", [skuPrefix])
        .unionAll(this.db('catalog.product_variants').select('product_id as id').whereRaw("lower(sku) like ? escape '\\'", [skuPrefix]))
    }]
    if (words.length > 0) {
      const tsquery = words.map(word => `${word}:*`).join(' & ')
      matches.push({ name: 'name_matches', ids: this.db('catalog.product_translations').select('product_id as id').whereRaw("search_vector @@ to_tsquery('simple', ?)", [tsquery]) })
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
