import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { stringify } from 'csv-stringify'
import pg from 'pg'
import { formatRow, headerFor } from '../modules/catalog/import-export/csv-format.ts'
import { completeSlug } from '../modules/catalog/services/translations.ts'

/**
 * A generated catalog for the benchmark, one deterministic model written two ways: straight into
 * the catalog tables of a freshly installed platform (the fixture the reads are measured on), and
 * as a CSV in the import format (the file the import is measured with).
 */

const ROOTS = 20
const CHILDREN_PER_ROOT = 24
/** Every VARIANT_EVERY-th product has one variant per size; the others hold their own stock. */
const VARIANT_EVERY = 4
const FRENCH_EVERY = 3
const EXTRA_CATEGORY_EVERY = 10
/** Rows per INSERT: large enough that round trips do not count, small enough for modest statements. */
const CHUNK = 5000

// [English, French]; the French colours are ones that agree with any noun.
const COLOURS = [['Red', 'rouge'], ['Yellow', 'jaune'], ['Pink', 'rose'], ['Beige', 'beige'], ['Orange', 'orange'], ['Navy', 'marine'],
  ['Khaki', 'kaki'], ['Burgundy', 'bordeaux'], ['Turquoise', 'turquoise'], ['Ochre', 'ocre'], ['Indigo', 'indigo'], ['Sand', 'sable']]
const MATERIALS = [['cotton', 'coton'], ['linen', 'lin'], ['wool', 'laine'], ['silk', 'soie'], ['leather', 'cuir'], ['denim', 'denim'],
  ['cashmere', 'cachemire'], ['velvet', 'velours'], ['hemp', 'chanvre'], ['bamboo', 'bambou']]
const ITEMS = [['shirt', 'Chemise'], ['T-shirt', 'T-shirt'], ['sweater', 'Pull'], ['jacket', 'Veste'], ['scarf', 'Écharpe'], ['hat', 'Chapeau'],
  ['dress', 'Robe'], ['skirt', 'Jupe'], ['trousers', 'Pantalon'], ['shorts', 'Short'], ['coat', 'Manteau'], ['cap', 'Casquette'],
  ['socks', 'Chaussettes'], ['gloves', 'Gants'], ['belt', 'Ceinture'], ['bag', 'Sac'], ['blanket', 'Couverture'], ['cushion', 'Coussin'],
  ['apron', 'Tablier'], ['slippers', 'Chaussons']]
const DEPARTMENTS = ['Women', 'Men', 'Children', 'Baby', 'Sport', 'Outdoor', 'Home', 'Bedroom', 'Bathroom', 'Kitchen', 'Garden', 'Travel',
  'Accessories', 'Shoes', 'Nightwear', 'Workwear', 'Beach', 'Winter', 'Gifts', 'Outlet']
const SIZES = [{ name: 'S', priceImpact: -100, weightImpactGrams: -20 }, { name: 'M', priceImpact: 0, weightImpactGrams: 0 }, { name: 'L', priceImpact: 200, weightImpactGrams: 30 }]

/** A word prefix of about one product name in twenty (the items), for the text search. */
export const SEARCH_PREFIX = 'scar'

/** The category tree the fixture writes, with explicit ids: ROOTS roots (1…), then their children. */
export interface CategoryTree { roots: number[], leaves: number[] }

export const CATEGORY_TREE: CategoryTree = {
  roots: Array.from({ length: ROOTS }, (_, index) => index + 1),
  leaves: Array.from({ length: ROOTS * CHILDREN_PER_ROOT }, (_, index) => ROOTS + index + 1)
}
const SIZE_GROUP_ID = 1
const SIZE_VALUE_IDS = SIZES.map((_, index) => index + 1)

interface ProductTexts { name: string, shortDescription: string, slug: string }

export interface CatalogVariant { sku: string, priceImpact: number, weightImpactGrams: number, quantity: number, valueIds: number[] }

/** A product as the import reads it (its fields are the import's field names), with its variants. */
export interface CatalogProduct {
  sku: string
  price: number
  weightGrams: number
  widthMm: number
  heightMm: number
  depthMm: number
  /** Its own stock; with variants, the sum of theirs. */
  quantity: number
  lowStockThreshold: number
  allowBackorders: boolean
  active: boolean
  defaultCategoryId: number
  categoryIds: number[]
  features: Array<{ key: string, value: string }>
  translations: Record<string, ProductTexts>
  variants: CatalogVariant[]
}

const texts = (name: string, shortDescription: string): ProductTexts => ({ name, shortDescription, slug: completeSlug({ name }).slug })

/** The index-th product (from 0) of a catalog whose SKUs start with the prefix. */
export function catalogProduct (index: number, skuPrefix: string): CatalogProduct {
  const [colour, colourFr] = COLOURS[index % COLOURS.length]
  const [material, materialFr] = MATERIALS[Math.floor(index / COLOURS.length) % MATERIALS.length]
  const [item, itemFr] = ITEMS[Math.floor(index / (COLOURS.length * MATERIALS.length)) % ITEMS.length]
  const sku = `${skuPrefix}-${String(index + 1).padStart(6, '0')}`
  const leaves = CATEGORY_TREE.leaves
  const variants = index % VARIANT_EVERY === VARIANT_EVERY - 1
    ? SIZES.map((size, position) => ({ sku: `${sku}-${size.name}`, priceImpact: size.priceImpact, weightImpactGrams: size.weightImpactGrams, quantity: (index * 17 + position * 5) % 40, valueIds: [SIZE_VALUE_IDS[position]] }))
    : []
  const translations: Record<string, ProductTexts> = { en: texts(`${colour} ${material} ${item}`, `A ${colour.toLowerCase()} ${item} made of ${material}.`) }
  if (index % FRENCH_EVERY === 0) translations.fr = texts(`${itemFr} ${colourFr} en ${materialFr}`, `${itemFr} en ${materialFr}, coloris ${colourFr}.`)
  return {
    sku,
    price: 500 + (index * 7919) % 19500,
    weightGrams: 100 + index % 900,
    widthMm: 200 + index % 300,
    heightMm: 20 + index % 80,
    depthMm: 150 + index % 250,
    quantity: variants.length > 0 ? variants.reduce((sum, variant) => sum + variant.quantity, 0) : (index * 31) % 120,
    lowStockThreshold: 5,
    allowBackorders: false,
    active: index % 10 !== 9,
    defaultCategoryId: leaves[index % leaves.length],
    categoryIds: index % EXTRA_CATEGORY_EVERY === 3 ? [leaves[(index + leaves.length / 2) % leaves.length]] : [],
    features: [{ key: 'Material', value: material }],
    translations,
    variants
  }
}

type Rows = unknown[][]

/** Multi-row INSERT of column arrays through unnest: one statement per table and chunk. */
async function insertRows (client: pg.ClientBase, table: string, columns: Array<[name: string, type: string]>, rows: Rows): Promise<void> {
  if (rows.length === 0) return
  const arrays = columns.map((_, column) => rows.map(row => row[column]))
  await client.query(`insert into catalog.${table} (${columns.map(([name]) => name).join(', ')})
    select * from unnest(${columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ')})`, arrays)
}

async function writeCategoriesAndSizes (client: pg.ClientBase): Promise<void> {
  const { roots, leaves } = CATEGORY_TREE
  const categories: Rows = roots.map((id, position) => [id, null, position, `/${id}/`])
  const names: Rows = roots.map((id, index) => [id, 'en', DEPARTMENTS[index], completeSlug({ name: DEPARTMENTS[index] }).slug])
  leaves.forEach((id, index) => {
    const parent = roots[Math.floor(index / CHILDREN_PER_ROOT)]
    const name = `${DEPARTMENTS[parent - 1]} ${index % CHILDREN_PER_ROOT + 1}`
    categories.push([id, parent, index % CHILDREN_PER_ROOT, `/${parent}/${id}/`])
    names.push([id, 'en', name, completeSlug({ name }).slug])
  })
  await insertRows(client, 'categories', [['id', 'int'], ['parent_id', 'int'], ['position', 'int'], ['path', 'text']], categories)
  await insertRows(client, 'category_translations', [['category_id', 'int'], ['language', 'text'], ['name', 'text'], ['slug', 'text']], names)
  await client.query('insert into catalog.attribute_groups (id, position) values ($1, 0)', [SIZE_GROUP_ID])
  await client.query("insert into catalog.attribute_group_translations (group_id, language, name) values ($1, 'en', 'Size'), ($1, 'fr', 'Taille')", [SIZE_GROUP_ID])
  await insertRows(client, 'attribute_values', [['id', 'int'], ['group_id', 'int'], ['position', 'int']], SIZE_VALUE_IDS.map((id, position) => [id, SIZE_GROUP_ID, position]))
  await insertRows(client, 'attribute_value_translations', [['value_id', 'int'], ['language', 'text'], ['name', 'text']], SIZE_VALUE_IDS.map((id, position) => [id, 'en', SIZES[position].name]))
}

/** The rows of one chunk of products, table by table, with the ids they are written under. */
function chunkRows (from: number, to: number, count: number, currency: string, firstVariantId: number) {
  const rows = { products: [] as Rows, translations: [] as Rows, categories: [] as Rows, features: [] as Rows, variants: [] as Rows, values: [] as Rows, movements: [] as Rows }
  let variantId = firstVariantId
  const now = Date.now()
  for (let index = from; index < to; index++) {
    const id = index + 1
    const product = catalogProduct(index, 'BR')
    // Older products first, a second apart, so that a sort on the date means something.
    const created = new Date(now - (count - index) * 1000)
    rows.products.push([id, product.sku, product.price, currency, product.weightGrams, product.widthMm, product.heightMm, product.depthMm,
      product.quantity, product.lowStockThreshold, product.active, product.defaultCategoryId, created])
    for (const [language, text] of Object.entries(product.translations)) rows.translations.push([id, language, text.name, text.shortDescription, text.slug])
    for (const categoryId of [product.defaultCategoryId, ...product.categoryIds]) rows.categories.push([id, categoryId])
    product.features.forEach((feature, position) => rows.features.push([id, position, feature.key, feature.value]))
    // The ledger holds the one movement that brought each holder to its quantity, so quantity = sum of the ledger.
    if (product.variants.length === 0 && product.quantity !== 0) rows.movements.push([id, null, null, product.quantity, product.quantity, 'import', created])
    for (const variant of product.variants) {
      rows.variants.push([variantId, id, variant.sku, variant.priceImpact, variant.weightImpactGrams, variant.quantity, variant.valueIds.join(','), created])
      for (const valueId of variant.valueIds) rows.values.push([variantId, valueId, SIZE_GROUP_ID])
      if (variant.quantity !== 0) rows.movements.push([id, variantId, variant.sku, variant.quantity, variant.quantity, 'import', created])
      variantId++
    }
  }
  return { rows, nextVariantId: variantId }
}

export interface FixtureCounts { products: number, variants: number, categories: number, translations: number, movements: number }

/**
 * Writes `count` products (SKUs BR-000001…) into the catalog tables of an installed, empty catalog,
 * with the category tree and a Size attribute, then analyzes the tables as a live database would be.
 * Products and variants are named in English, one in FRENCH_EVERY in French too.
 */
export async function writeCatalogFixture (databaseUrl: string, count: number): Promise<FixtureCounts> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows: [{ code: currency }] } = await client.query('select code from localization.currencies where is_default')
    await client.query('begin')
    await writeCategoriesAndSizes(client)
    const counts: FixtureCounts = { products: 0, variants: 0, categories: CATEGORY_TREE.roots.length + CATEGORY_TREE.leaves.length, translations: 0, movements: 0 }
    let variantId = 1
    for (let from = 0; from < count; from += CHUNK) {
      const { rows, nextVariantId } = chunkRows(from, Math.min(from + CHUNK, count), count, currency, variantId)
      variantId = nextVariantId
      await insertRows(client, 'products', [['id', 'int'], ['sku', 'text'], ['price', 'bigint'], ['currency', 'text'], ['weight_grams', 'int'], ['width_mm', 'int'], ['height_mm', 'int'],
        ['depth_mm', 'int'], ['quantity', 'int'], ['low_stock_threshold', 'int'], ['active', 'boolean'], ['default_category_id', 'int'], ['created_at', 'timestamptz']], rows.products)
      await insertRows(client, 'product_translations', [['product_id', 'int'], ['language', 'text'], ['name', 'text'], ['short_description', 'text'], ['slug', 'text']], rows.translations)
      await insertRows(client, 'product_categories', [['product_id', 'int'], ['category_id', 'int']], rows.categories)
      await insertRows(client, 'product_features', [['product_id', 'int'], ['position', 'int'], ['key', 'text'], ['value', 'text']], rows.features)
      await insertRows(client, 'product_variants', [['id', 'int'], ['product_id', 'int'], ['sku', 'text'], ['price_impact', 'bigint'], ['weight_impact_grams', 'int'], ['quantity', 'int'],
        ['combination', 'text'], ['created_at', 'timestamptz']], rows.variants)
      await insertRows(client, 'variant_values', [['variant_id', 'int'], ['value_id', 'int'], ['group_id', 'int']], rows.values)
      await insertRows(client, 'stock_movements', [['product_id', 'int'], ['variant_id', 'int'], ['variant_sku', 'text'], ['delta', 'int'], ['quantity_after', 'int'], ['reason', 'text'],
        ['created_at', 'timestamptz']], rows.movements)
      counts.products += rows.products.length
      counts.variants += rows.variants.length
      counts.translations += rows.translations.length
      counts.movements += rows.movements.length
    }
    // Rows were written with explicit ids: the sequences must go on after them.
    for (const table of ['categories', 'attribute_groups', 'attribute_values', 'products', 'product_variants']) {
      await client.query(`select setval(pg_get_serial_sequence('catalog.${table}', 'id'), (select max(id) from catalog.${table}))`)
    }
    await client.query('commit')
    await client.query('vacuum analyze catalog.products, catalog.product_translations, catalog.product_categories, catalog.product_features, catalog.product_variants, catalog.variant_values, catalog.stock_movements, catalog.categories, catalog.product_listing')
    return counts
  } finally {
    await client.end()
  }
}

/**
 * Writes a CSV in the import format of products with fresh SKUs (prefix IM), on the same categories
 * and sizes as the fixture, until at least `rows` rows: a product's variant rows are never split.
 * Returns the rows and products written. One line per row: no text holds a line break.
 */
export async function writeImportCsv (file: string, rows: number, languages: string[]): Promise<{ rows: number, products: number }> {
  const header = headerFor(languages)
  const written = { rows: 0, products: 0 }
  function * records (): Generator<string[]> {
    yield header
    while (written.rows < rows) {
      const product = catalogProduct(written.products, 'IM')
      // As an export writes it: a product with variants has its quantity on their rows.
      yield formatRow(header, 'product', { ...product, quantity: product.variants.length > 0 ? undefined : product.quantity }, product.translations)
      for (const variant of product.variants) yield formatRow(header, 'variant', { ...variant, productSku: product.sku }, {})
      written.rows += 1 + product.variants.length
      written.products++
    }
  }
  await pipeline(Readable.from(records()), stringify(), createWriteStream(file))
  return written
}

/** Whether a line of that CSV starts a product: its product_sku cell, the second, is empty (no SKU holds a comma or a quote). */
export const startsProduct = (line: string): boolean => line.split(',', 2)[1] === ''
