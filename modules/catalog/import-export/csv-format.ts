/**
 * The catalog CSV: one row per product, followed by one row per variant naming its product in
 * `product_sku`. Lists are `|`-separated (`3|7`), features are `key=value` pairs (`Material=Cotton|Fit=Slim`),
 * texts have one column per field and language (`name:en`, `description:fr`). Booleans are true or false.
 * The quantity of a product with variants is on the variant rows; its own row leaves it empty.
 */

export type RowKind = 'product' | 'variant'

/** A cell that cannot be read, with why. */
class CellProblem extends Error {}

interface Column {
  name: string
  /** The field of the product or variant input this column fills. */
  field: string
  kinds: RowKind[]
  parse: (cell: string) => unknown
  format: (value: unknown) => string
}

const integer = (cell: string): number => {
  if (!/^-?\d+$/.test(cell.trim())) throw new CellProblem('must be a whole number')
  return Number(cell.trim())
}
const boolean = (cell: string): boolean => {
  const value = cell.trim().toLowerCase()
  if (value === 'true' || value === '1' || value === 'yes') return true
  if (value === 'false' || value === '0' || value === 'no') return false
  throw new CellProblem('must be true or false')
}
const idList = (cell: string): number[] => cell.split('|').map(part => integer(part))
const features = (cell: string): Array<{ key: string, value: string }> => cell.split('|').map(pair => {
  const separator = pair.indexOf('=')
  if (separator < 1) throw new CellProblem('must be key=value pairs separated by |')
  return { key: pair.slice(0, separator).trim(), value: pair.slice(separator + 1).trim() }
})
const text = (cell: string): string => cell
const plain = (value: unknown): string => value === null || value === undefined ? '' : String(value)
const joined = (value: unknown): string => (value as unknown[] ?? []).join('|')
const pairs = (value: unknown): string => (value as Array<{ key: string, value: string }>).map(feature => `${feature.key}=${feature.value}`).join('|')

const both: RowKind[] = ['product', 'variant']
const product: RowKind[] = ['product']
const variant: RowKind[] = ['variant']

export const SKU_COLUMN = 'sku'
export const PRODUCT_SKU_COLUMN = 'product_sku'

/** Columns in export order; `sku` and `product_sku` are read apart, as they decide the row's kind and target. */
const COLUMNS: Column[] = [
  { name: 'price', field: 'price', kinds: product, parse: integer, format: plain },
  { name: 'tax_rule_id', field: 'taxRuleId', kinds: product, parse: integer, format: plain },
  { name: 'weight_grams', field: 'weightGrams', kinds: product, parse: integer, format: plain },
  { name: 'width_mm', field: 'widthMm', kinds: product, parse: integer, format: plain },
  { name: 'height_mm', field: 'heightMm', kinds: product, parse: integer, format: plain },
  { name: 'depth_mm', field: 'depthMm', kinds: product, parse: integer, format: plain },
  { name: 'quantity', field: 'quantity', kinds: both, parse: integer, format: plain },
  { name: 'low_stock_threshold', field: 'lowStockThreshold', kinds: product, parse: integer, format: plain },
  { name: 'allow_backorders', field: 'allowBackorders', kinds: product, parse: boolean, format: plain },
  { name: 'active', field: 'active', kinds: product, parse: boolean, format: plain },
  { name: 'default_category_id', field: 'defaultCategoryId', kinds: product, parse: integer, format: plain },
  { name: 'category_ids', field: 'categoryIds', kinds: product, parse: idList, format: joined },
  { name: 'features', field: 'features', kinds: product, parse: features, format: pairs },
  { name: 'price_impact', field: 'priceImpact', kinds: variant, parse: integer, format: plain },
  { name: 'weight_impact_grams', field: 'weightImpactGrams', kinds: variant, parse: integer, format: plain },
  { name: 'attribute_value_ids', field: 'valueIds', kinds: variant, parse: idList, format: joined }
]

const TEXT_FIELDS: Array<[prefix: string, field: string]> = [['name', 'name'], ['short_description', 'shortDescription'], ['description', 'description'], ['slug', 'slug']]

/** The header of an export (and the columns an import accepts) for these languages. */
export function headerFor (languages: string[]): string[] {
  return [SKU_COLUMN, PRODUCT_SKU_COLUMN, ...COLUMNS.map(column => column.name), ...languages.flatMap(language => TEXT_FIELDS.map(([prefix]) => `${prefix}:${language}`))]
}

/** A row read from the file: its kind, its SKUs, and the input fields its non-empty cells give. */
export interface ParsedRow {
  row: number
  kind: RowKind
  sku: string
  productSku: string | null
  fields: Record<string, unknown>
  translations: Record<string, Record<string, string>>
}

export interface CellError { row: number, column: string | null, reason: string }

/** Reads the cells of one record; an empty cell leaves its field out (kept as is on an update). */
export function parseRecord (header: string[], record: string[], row: number): { parsed?: ParsedRow, errors: CellError[] } {
  const cells = new Map(header.map((name, index) => [name, record[index] ?? '']))
  const sku = (cells.get(SKU_COLUMN) ?? '').trim()
  const productSku = (cells.get(PRODUCT_SKU_COLUMN) ?? '').trim()
  const kind: RowKind = productSku === '' ? 'product' : 'variant'
  const errors: CellError[] = []
  if (sku === '') errors.push({ row, column: SKU_COLUMN, reason: 'is required' })
  const fields: Record<string, unknown> = {}
  for (const column of COLUMNS) {
    const cell = cells.get(column.name) ?? ''
    if (cell.trim() === '') continue
    if (!column.kinds.includes(kind)) {
      errors.push({ row, column: column.name, reason: `is for ${column.kinds[0]} rows only` })
      continue
    }
    try {
      fields[column.field] = column.parse(cell)
    } catch (error) {
      if (!(error instanceof CellProblem)) throw error
      errors.push({ row, column: column.name, reason: error.message })
    }
  }
  const translations: Record<string, Record<string, string>> = {}
  for (const [name, cell] of cells) {
    const [prefix, language] = name.split(':')
    const field = TEXT_FIELDS.find(([candidate]) => candidate === prefix)?.[1]
    if (language === undefined || field === undefined || cell === '') continue
    if (kind === 'variant') {
      errors.push({ row, column: name, reason: 'is for product rows only' })
      continue
    }
    translations[language] = { ...translations[language], [field]: text(cell) }
  }
  if (errors.length > 0) return { errors }
  return { parsed: { row, kind, sku, productSku: kind === 'variant' ? productSku : null, fields, translations }, errors }
}

/** Checks a header: the SKU column is required, every column must be known. */
export function headerProblems (header: string[], languages: string[]): string[] {
  const known = new Set(headerFor(languages))
  const problems = header.filter(name => !known.has(name)).map(name => `unknown column ${name}`)
  if (!header.includes(SKU_COLUMN)) problems.unshift(`missing column ${SKU_COLUMN}`)
  const duplicates = header.filter((name, index) => header.indexOf(name) !== index)
  return [...problems, ...[...new Set(duplicates)].map(name => `column ${name} appears twice`)]
}

/** The column an input field (a schema path like /translations/en/name or /categoryIds/2) was read from. */
export function columnOf (path: string): string | null {
  const [, first, second, third] = path.split('/')
  if (first === 'translations' && second !== undefined) {
    const prefix = TEXT_FIELDS.find(([, field]) => field === third)?.[0] ?? 'name'
    return `${prefix}:${second}`
  }
  if (first === 'sku') return SKU_COLUMN
  return COLUMNS.find(column => column.field === first)?.name ?? null
}

/** The cells of a product or variant row for export, in header order. */
export function formatRow (header: string[], kind: RowKind, values: Record<string, unknown>, translations: Record<string, object>): string[] {
  return header.map(name => {
    if (name === SKU_COLUMN) return plain(values.sku)
    if (name === PRODUCT_SKU_COLUMN) return kind === 'variant' ? plain(values.productSku) : ''
    const column = COLUMNS.find(candidate => candidate.name === name)
    if (column !== undefined) return column.kinds.includes(kind) && values[column.field] !== undefined ? column.format(values[column.field]) : ''
    const [prefix, language] = name.split(':')
    const field = TEXT_FIELDS.find(([candidate]) => candidate === prefix)?.[1]
    return field === undefined ? '' : plain((translations[language] as Record<string, unknown> | undefined)?.[field])
  })
}
