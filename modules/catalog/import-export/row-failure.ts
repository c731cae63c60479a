import type { TSchema } from 'typebox'
import { Compile, type Validator } from 'typebox/compile'
import { ProductCreateBody, ProductUpdateBody, VariantCreateBody, VariantUpdateBody } from '../schemas.ts'
import { columnOf, SKU_COLUMN, type CellError, type ParsedRow } from './csv-format.ts'

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

/** The HTTP routes' schemas, compiled once: every row of an import is held to one of them. */
const validators = new Map<TSchema, Validator>([ProductCreateBody, ProductUpdateBody, VariantCreateBody, VariantUpdateBody].map(schema => [schema, Compile(schema)]))

/** Holds a row's input to the same schema as the HTTP routes, naming the column of the first problem. */
export function checked<T> (schema: TSchema, value: Record<string, unknown>, row: ParsedRow): T {
  const validator = validators.get(schema)!
  if (validator.Check(value)) return value as T
  const [first] = validator.Errors(value)
  const missing = first.keyword === 'required' ? `/${String((first.params as { requiredProperties?: string[] }).requiredProperties?.[0] ?? '')}` : ''
  const path = `${first.instancePath}${missing}`
  throw new RowFailure({ row: row.row, column: columnOf(path), reason: first.keyword === 'required' ? 'is required' : first.message })
}

/** A refused row as a row error: catalog errors (BR_CATALOG_*, 4xx) are the row's fault, anything else is not. */
export function rowFailure (error: unknown, row: ParsedRow): unknown {
  if (error instanceof RowFailure) return error
  const known = error as { code?: string, statusCode?: number, message: string, details?: { field?: string } }
  if (typeof known.code !== 'string' || !known.code.startsWith('BR_') || (known.statusCode ?? 500) >= 500) return error
  const column = known.details?.field !== undefined ? columnOf(`/${known.details.field}`) : COLUMN_OF_CODE[known.code] ?? null
  return new RowFailure({ row: row.row, column, reason: known.message })
}
