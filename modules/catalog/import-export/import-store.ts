import type { Knex } from 'knex'
import type { CatalogServices } from '../services/catalog-services.ts'
import { PRODUCT_TEXTS, productRowColumns, productRowFields, type ProductTexts } from '../services/product-service.ts'
import { TranslationStore } from '../services/translations.ts'
import type { ParsedRow } from './csv-format.ts'
import { BatchPlan, skusOf } from './import-plan.ts'
import type { PlannedProduct, PlannedVariant } from './planned-catalog.ts'

/** Another transaction created a SKU the batch was about to create: the batch is planned again, seeing it. */
export class LostSkuRace extends Error {}

/** The largest integer column value: ids of rows. */
const MAX_ID = 2147483647

/** Columns of a multi-row statement and their PostgreSQL types. */
type Columns = Record<string, string>
type DbRecord = Record<string, unknown>

const PRODUCT_COLUMNS: Columns = {
  id: 'int',
  sku: 'text',
  price: 'bigint',
  tax_rule_id: 'int',
  weight_grams: 'int',
  width_mm: 'int',
  height_mm: 'int',
  depth_mm: 'int',
  quantity: 'int',
  low_stock_threshold: 'int',
  allow_backorders: 'boolean',
  active: 'boolean',
  default_category_id: 'int'
}
const VARIANT_COLUMNS: Columns = { id: 'int', product_id: 'int', sku: 'text', price_impact: 'bigint', weight_impact_grams: 'int', quantity: 'int', combination: 'text' }
const TEXT_COLUMNS: Columns = { product_id: 'int', language: 'text', ...Object.fromEntries(Object.values(PRODUCT_TEXTS.columns).map(column => [column, 'text'])) }
const MOVEMENT_COLUMNS: Columns = { product_id: 'int', variant_id: 'int', variant_sku: 'text', delta: 'int', reason: 'text', quantity_after: 'int', employee_id: 'int' }

/** Records passed as one JSON parameter and read back as the typed record set `r`: one statement for any number of rows. */
const recordSet = (columns: Columns): string => `json_to_recordset(?::json) as r(${Object.entries(columns).map(([name, type]) => `${name} ${type}`).join(', ')})`
/** `a = r.a, b = r.b…`: the columns a multi-row statement sets from its records. */
const assignments = (names: string[], from = 'r'): string => names.map(name => `${name} = ${from}.${name}`).join(', ')
/** What an update of stored rows changes: neither their id, their SKU (the import's key) nor their owner. */
const changeable = (columns: Columns): string[] => Object.keys(columns).filter(name => !['id', 'sku', 'product_id'].includes(name))

/**
 * The SQL of a set-based import batch: what the batch's rows touch read in a few set queries
 * (products locked), then the plan's outcome written with one multi-row statement per table
 * and kind of change, and the plan's events emitted in the same transaction.
 */
export class ImportStore {
  private readonly texts: TranslationStore

  constructor (private readonly services: CatalogServices) {
    this.texts = new TranslationStore(services.db, services.localization)
  }

  /** Reads and locks what the rows touch, reserves the ids they may create, and returns the plan to apply them to. */
  async plan (trx: Knex.Transaction, rows: ParsedRow[]): Promise<BatchPlan> {
    const skus = skusOf(rows)
    const productRows = await trx('catalog.products').where('sku', '=', trx.raw('any(?::text[])', [skus])).orderBy('id').forUpdate()
      .select('id', ...Object.keys(PRODUCT_COLUMNS).filter(column => column !== 'id'))
    const productIds = productRows.map(row => row.id as number)
    const { rows: variantRows } = await trx.raw(`select v.id, v.product_id, v.sku, v.price_impact, v.weight_impact_grams, v.quantity, v.combination, p.sku as product_sku
      from catalog.product_variants v join catalog.products p on p.id = v.product_id
      where v.sku = any(?::text[]) or v.product_id = any(?::int[]) order by v.id`, [skus, productIds])
    const links = await trx('catalog.product_categories').where('product_id', '=', trx.raw('any(?::int[])', [productIds])).select('product_id', 'category_id')
    const translations = await this.texts.read<ProductTexts>(PRODUCT_TEXTS, productIds, trx)
    const extras = new Map<number, number[]>(productRows.map(row => [row.id, []]))
    for (const link of links) extras.get(link.product_id)!.push(link.category_id)

    const products = new Map<string, PlannedProduct>(productRows.map(row => [row.sku, {
      id: row.id,
      ...productRowFields(row),
      quantity: row.quantity,
      categoryIds: extras.get(row.id)!.filter(id => id !== row.default_category_id),
      translations: translations.get(row.id)!,
      variants: [],
      created: false,
      touched: false,
      stockMoved: false,
      categoriesChanged: false,
      textsChanged: new Set()
    }]))
    const byId = new Map([...products.values()].map(product => [product.id, product]))
    const variantOwners = new Map<string, string>()
    for (const row of variantRows) {
      variantOwners.set(row.sku, row.product_sku)
      byId.get(row.product_id)?.variants.push({
        id: row.id,
        sku: row.sku,
        priceImpact: Number(row.price_impact),
        weightImpactGrams: row.weight_impact_grams,
        quantity: row.quantity,
        combination: row.combination,
        created: false,
        touched: false,
        stockMoved: false
      })
    }

    const categoryIds = idsOf(rows.flatMap(row => [row.fields.defaultCategoryId, ...(row.fields.categoryIds as unknown[] | undefined ?? [])]))
    const taxRuleIds = idsOf(rows.map(row => row.fields.taxRuleId))
    const valueIds = idsOf(rows.flatMap(row => row.fields.valueIds as unknown[] | undefined ?? []))
    const { localization } = this.services
    return new BatchPlan({
      products,
      variantOwners,
      unknownCategories: new Set(categoryIds.length === 0 ? [] : await this.services.categories.missing(categoryIds, trx)),
      unknownTaxRules: new Set(taxRuleIds.length === 0 ? [] : await localization.missingTaxRules(taxRuleIds, trx)),
      valueGroups: valueIds.length === 0 ? new Map() : await this.services.attributes.valueGroups(trx, valueIds),
      languages: new Set(await localization.languageCodes(trx)),
      defaultLanguage: await localization.defaultLanguage(trx),
      // Each row whose SKU is not stored may create one product or variant.
      newProductIds: await this.reserveIds(trx, 'catalog.products', rows.filter(row => row.kind === 'product' && !products.has(row.sku)).length),
      newVariantIds: await this.reserveIds(trx, 'catalog.product_variants', rows.filter(row => row.kind === 'variant' && !variantOwners.has(row.sku)).length)
    })
  }

  /** Writes what the plan's accepted groups leave, then emits their events. */
  async write (trx: Knex.Transaction, plan: BatchPlan, employeeId: number | null): Promise<void> {
    const products = [...plan.products]
    const created = products.filter(product => product.created)
    const stored = products.filter(product => !product.created)
    const currency = created.length > 0 ? await this.services.localization.defaultCurrency(trx) : undefined
    const inserted = await this.insert(trx, 'catalog.products', { ...PRODUCT_COLUMNS, currency: 'text' }, created.map(product => ({ ...productRecord(product), currency })), 'on conflict (sku) do nothing returning id')
    if (inserted.length < created.length) throw new LostSkuRace()
    await this.update(trx, 'catalog.products', PRODUCT_COLUMNS, stored.filter(product => product.touched || product.stockMoved).map(productRecord))

    // Texts before links: the links' trigger lists the products under their names (migration 20261202_001).
    await this.insert(trx, 'catalog.product_translations', TEXT_COLUMNS, products.flatMap(product => [...product.textsChanged].map(language => textRecord(product, language))),
      `on conflict (product_id, language) do update set ${assignments(Object.values(PRODUCT_TEXTS.columns), 'excluded')}`)

    const relinked = products.filter(product => product.categoriesChanged)
    await this.deleteOf(trx, 'catalog.product_categories', 'product_id', relinked.filter(product => !product.created).map(product => product.id))
    await this.insert(trx, 'catalog.product_categories', { product_id: 'int', category_id: 'int' },
      relinked.flatMap(product => [...new Set([product.defaultCategoryId, ...product.categoryIds])].map(categoryId => ({ product_id: product.id, category_id: categoryId }))))

    const refeatured = products.filter(product => product.features !== undefined)
    await this.deleteOf(trx, 'catalog.product_features', 'product_id', refeatured.filter(product => !product.created).map(product => product.id))
    await this.insert(trx, 'catalog.product_features', { product_id: 'int', position: 'int', key: 'text', value: 'text' },
      refeatured.flatMap(product => product.features!.map((feature, position) => ({ product_id: product.id, position, key: feature.key, value: feature.value }))))

    await this.writeVariants(trx, products)
    await this.insert(trx, 'catalog.stock_movements', MOVEMENT_COLUMNS, plan.movements.map(movement => ({
      product_id: movement.productId,
      variant_id: movement.variantId,
      variant_sku: movement.variantSku,
      delta: movement.delta,
      reason: 'import',
      quantity_after: movement.quantityAfter,
      employee_id: employeeId
    })))
    await this.services.emitMany(trx, plan.events)
  }

  private async writeVariants (trx: Knex.Transaction, products: PlannedProduct[]): Promise<void> {
    const variants = products.flatMap(product => product.variants.map(variant => ({ product, variant })))
    const created = variants.filter(({ variant }) => variant.created)
    const stored = variants.filter(({ variant }) => !variant.created && (variant.touched || variant.stockMoved))
    const revalued = variants.filter(({ variant }) => variant.values !== undefined)
    const recombined = revalued.filter(({ variant }) => !variant.created).map(({ variant }) => variant.id)
    // Combinations are unique per product and checked row by row: variants that trade theirs
    // within the batch first take a placeholder no combination can equal.
    if (recombined.length > 0) await trx.raw("update catalog.product_variants set combination = '#' || id where id = any(?::int[])", [recombined])
    await this.update(trx, 'catalog.product_variants', VARIANT_COLUMNS, stored.map(({ product, variant }) => variantRecord(product, variant)))
    const inserted = await this.insert(trx, 'catalog.product_variants', VARIANT_COLUMNS, created.map(({ product, variant }) => variantRecord(product, variant)), 'on conflict (sku) do nothing returning id')
    if (inserted.length < created.length) throw new LostSkuRace()
    await this.deleteOf(trx, 'catalog.variant_values', 'variant_id', recombined)
    await this.insert(trx, 'catalog.variant_values', { variant_id: 'int', value_id: 'int', group_id: 'int' },
      revalued.flatMap(({ variant }) => [...variant.values!].map(([valueId, groupId]) => ({ variant_id: variant.id, value_id: valueId, group_id: groupId }))))
  }

  /** Ids from a table's sequence, in order, for rows the batch may create. */
  private async reserveIds (trx: Knex.Transaction, table: string, count: number): Promise<number[]> {
    if (count === 0) return []
    const { rows } = await trx.raw('select nextval(pg_get_serial_sequence(?, \'id\')) as id from generate_series(1, ?) order by 1', [table, count])
    return rows.map((row: { id: number | string }) => Number(row.id))
  }

  private async insert (trx: Knex.Transaction, table: string, columns: Columns, records: DbRecord[], suffix = ''): Promise<DbRecord[]> {
    if (records.length === 0) return []
    const names = Object.keys(columns).join(', ')
    const { rows } = await trx.raw(`insert into ${table} (${names}) select ${names} from ${recordSet(columns)} ${suffix}`, [JSON.stringify(records)])
    return rows
  }

  /** Updates rows by id; updated_at moves only for those whose data changed (`touched`), not their stock alone. */
  private async update (trx: Knex.Transaction, table: string, columns: Columns, records: DbRecord[]): Promise<void> {
    if (records.length === 0) return
    await trx.raw(`update ${table} t set ${assignments(changeable(columns))}, updated_at = case when r.touched then current_timestamp else t.updated_at end
      from ${recordSet({ ...columns, touched: 'boolean' })} where t.id = r.id`, [JSON.stringify(records)])
  }

  private async deleteOf (trx: Knex.Transaction, table: string, owner: string, ids: number[]): Promise<void> {
    if (ids.length > 0) await trx.raw(`delete from ${table} where ${owner} = any(?::int[])`, [ids])
  }
}

/**
 * The ids that cells name, each once, to look up: only those an id column can hold, as the rows'
 * schemas refuse the others before any lookup would matter.
 */
function idsOf (cells: unknown[]): number[] {
  return [...new Set(cells)].filter((id): id is number => typeof id === 'number' && id >= 1 && id <= MAX_ID)
}

function productRecord (product: PlannedProduct): DbRecord {
  return { id: product.id, ...productRowColumns(product), quantity: product.quantity, touched: product.touched }
}

function variantRecord (product: PlannedProduct, variant: PlannedVariant): DbRecord {
  return {
    id: variant.id,
    product_id: product.id,
    sku: variant.sku,
    price_impact: variant.priceImpact,
    weight_impact_grams: variant.weightImpactGrams,
    quantity: variant.quantity,
    combination: variant.combination,
    touched: variant.touched
  }
}

function textRecord (product: PlannedProduct, language: string): DbRecord {
  const texts = product.translations[language] as unknown as Record<string, string>
  return { product_id: product.id, language, ...Object.fromEntries(Object.entries(PRODUCT_TEXTS.columns).map(([field, column]) => [column, texts[field]])) }
}
