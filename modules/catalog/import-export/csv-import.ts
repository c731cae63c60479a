import type { Readable } from 'node:stream'
import { CsvError, parse } from 'csv-parse'
import { withDetails } from 'backroom'
import type { Knex } from 'knex'
import type { TSchema } from 'typebox'
import Value from 'typebox/value'
import { catalogErrors } from '../errors.ts'
import { ProductCreateBody, ProductUpdateBody, VariantCreateBody, VariantUpdateBody } from '../schemas.ts'
import type { LocalizationReader } from '../services/localization-reader.ts'
import type { ProductChange, ProductInput, ProductService } from '../services/product-service.ts'
import type { StockService } from '../services/stock-service.ts'
import type { VariantChange, VariantInput, VariantService } from '../services/variant-service.ts'
import { columnOf, headerProblems, parseRecord, PRODUCT_SKU_COLUMN, SKU_COLUMN, type CellError, type ParsedRow } from './csv-format.ts'

export interface ImportReport {
  dryRun: boolean
  rows: number
  created: number
  updated: number
  failed: number
  errors: CellError[]
}

export interface ImportOptions {
  dryRun: boolean
  employeeId: number | null
  /** Products written per transaction. */
  batchSize: number
}

/** A product row and the variant rows that follow it (or variant rows of a product already stored). */
interface Group { rows: ParsedRow[], rowNumbers: number[], errors: CellError[], productSku: string }

/** Why one row of a group could not be written; the whole group is then left out. */
class RowFailure extends Error {
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

/** A transaction ended on purpose: a dry run checks everything against the database and keeps nothing. */
class DryRunRollback extends Error {}

/**
 * Streams a CSV into the catalog, upserting products and variants by SKU. Rows are grouped by
 * product; groups are written in batches, one transaction per batch and a savepoint per group,
 * so a refused row leaves out its whole product and a crash never leaves half of one.
 */
export class CatalogImport {
  constructor (
    private readonly db: Knex,
    private readonly products: ProductService,
    private readonly variants: VariantService,
    private readonly stock: StockService,
    private readonly localization: LocalizationReader
  ) {}

  async run (source: Readable, options: ImportOptions): Promise<ImportReport> {
    const report: ImportReport = { dryRun: options.dryRun, rows: 0, created: 0, updated: 0, failed: 0, errors: [] }
    const languages = await this.localization.languageCodes()
    // A record that cannot be parsed is skipped rather than ending the stream, so that the rows
    // before it, already parsed and buffered, are still read; reading stops at the broken one.
    const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, skip_records_with_error: true, info: true })
    let broken: { line: number, message: string } | undefined
    parser.on('skip', (error: CsvError & { lines?: number }) => { broken ??= { line: error.lines ?? parser.info.lines, message: error.message } })
    source.on('error', error => parser.destroy(error))
    source.pipe(parser)
    let header: string[] | undefined
    let pending: Group[] = []
    let current: Group | undefined
    for await (const { record, info } of parser as AsyncIterable<{ record: string[], info: { lines: number } }>) {
      if (broken !== undefined && info.lines > broken.line) break
      if (header === undefined) {
        header = record.map(name => name.trim())
        const problems = headerProblems(header, languages)
        if (problems.length > 0) throw withDetails(new catalogErrors.BR_CATALOG_CSV_HEADER(problems.join('; ')), { problems })
        continue
      }
      const row = info.lines
      report.rows++
      const cells = new Map(header.map((name, index) => [name, (record[index] ?? '').trim()]))
      const productSku = cells.get(PRODUCT_SKU_COLUMN) || cells.get(SKU_COLUMN) || ''
      if (current === undefined || (cells.get(PRODUCT_SKU_COLUMN) ?? '') === '' || current.productSku !== productSku) {
        if (current !== undefined) pending.push(current)
        current = { rows: [], rowNumbers: [], errors: [], productSku }
        if (pending.length >= options.batchSize) {
          await this.writeBatch(pending, options, report)
          pending = []
        }
      }
      current.rowNumbers.push(row)
      if (record.length !== header.length) {
        current.errors.push({ row, column: null, reason: `has ${record.length} cells where the header has ${header.length}` })
        continue
      }
      const { parsed, errors } = parseRecord(header, record, row)
      if (parsed !== undefined) current.rows.push(parsed)
      current.errors.push(...errors)
    }
    if (header === undefined) {
      if (broken !== undefined) throw new catalogErrors.BR_CATALOG_CSV_UNREADABLE(broken.message)
      throw withDetails(new catalogErrors.BR_CATALOG_CSV_HEADER(`missing column ${SKU_COLUMN}`), { problems: [`missing column ${SKU_COLUMN}`] })
    }
    if (broken !== undefined) {
      // The product being read when the file broke may miss rows that were on the broken lines.
      if (current !== undefined) this.fail(report, current, [])
      report.rows++
      report.failed++
      report.errors.push({ row: broken.line, column: null, reason: `the file cannot be read from here on: ${broken.message}` })
    } else if (current !== undefined) {
      pending.push(current)
    }
    await this.writeBatch(pending, options, report)
    return report
  }

  private async writeBatch (groups: Group[], options: ImportOptions, report: ImportReport): Promise<void> {
    if (groups.length === 0) return
    const outcomes: Array<'created' | 'updated'> = []
    const failures: Array<[Group, CellError[]]> = []
    try {
      await this.db.transaction(async trx => {
        for (const group of groups) {
          if (group.errors.length > 0) {
            failures.push([group, group.errors])
            continue
          }
          try {
            outcomes.push(await trx.transaction(async savepoint => await this.writeGroup(savepoint, group, options.employeeId)))
          } catch (error) {
            if (!(error instanceof RowFailure)) throw error
            failures.push([group, [error.error]])
          }
        }
        if (options.dryRun) throw new DryRunRollback()
      })
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error
    }
    for (const outcome of outcomes) report[outcome]++
    for (const [group, errors] of failures) this.fail(report, group, errors)
  }

  private fail (report: ImportReport, group: Group, errors: CellError[]): void {
    report.failed += group.rowNumbers.length
    report.errors.push(...errors)
    const reported = new Set(errors.map(error => error.row))
    for (const row of group.rowNumbers) {
      if (!reported.has(row)) report.errors.push({ row, column: null, reason: `left out with the other rows of product ${group.productSku}` })
    }
  }

  private async writeGroup (trx: Knex.Transaction, group: Group, employeeId: number | null): Promise<'created' | 'updated'> {
    let outcome: 'created' | 'updated' = 'updated'
    for (const row of group.rows) {
      try {
        if (row.kind === 'product') outcome = await this.writeProduct(trx, row, employeeId)
        else await this.writeVariant(trx, row, employeeId)
      } catch (error) {
        throw this.rowFailure(error, row)
      }
    }
    return outcome
  }

  private async writeProduct (trx: Knex.Transaction, row: ParsedRow, employeeId: number | null): Promise<'created' | 'updated'> {
    const { quantity, ...fields } = row.fields
    const translations = Object.keys(row.translations).length > 0 ? { translations: row.translations } : {}
    const id = await this.products.idBySku(trx, row.sku)
    if (id === undefined) {
      const input = this.checked<ProductInput>(ProductCreateBody, { sku: row.sku, ...fields, ...translations, ...(quantity === undefined ? {} : { quantity }) }, row)
      await this.products.insert(input, employeeId, trx, 'import')
      return 'created'
    }
    const change = { ...fields, ...translations }
    if (Object.keys(change).length > 0) await this.products.change(id, this.checked<ProductChange>(ProductUpdateBody, change, row), trx)
    if (quantity !== undefined) await this.stock.set({ productId: id, quantity: quantity as number, reason: 'import', employeeId }, trx)
    return 'updated'
  }

  private async writeVariant (trx: Knex.Transaction, row: ParsedRow, employeeId: number | null): Promise<void> {
    const productId = await this.products.idBySku(trx, row.productSku!)
    if (productId === undefined) throw new RowFailure({ row: row.row, column: PRODUCT_SKU_COLUMN, reason: `names no product (${row.productSku!})` })
    const existing = await this.variants.findBySku(trx, row.sku)
    if (existing !== undefined && existing.productId !== productId) throw new RowFailure({ row: row.row, column: SKU_COLUMN, reason: `is a variant of another product (${row.sku})` })
    const { quantity, ...fields } = row.fields
    let variantId = existing?.id
    if (variantId === undefined) {
      variantId = (await this.variants.create(productId, this.checked<VariantInput>(VariantCreateBody, { sku: row.sku, ...fields }, row), employeeId, trx)).id
    } else if (Object.keys(fields).length > 0) {
      await this.variants.update(productId, variantId, this.checked<VariantChange>(VariantUpdateBody, fields, row), trx)
    }
    if (quantity !== undefined) await this.stock.set({ productId, variantId, quantity: quantity as number, reason: 'import', employeeId }, trx)
  }

  /** Holds a row's input to the same schema as the HTTP routes, naming the column of the first problem. */
  private checked<T> (schema: TSchema, value: Record<string, unknown>, row: ParsedRow): T {
    const [first] = Value.Errors(schema, value)
    if (first === undefined) return value as T
    const missing = first.keyword === 'required' ? `/${String((first.params as { requiredProperties?: string[] }).requiredProperties?.[0] ?? '')}` : ''
    const path = `${first.instancePath}${missing}`
    throw new RowFailure({ row: row.row, column: columnOf(path), reason: first.keyword === 'required' ? 'is required' : first.message })
  }

  /** A refused write as a row error: service errors (BR_CATALOG_*) are the row's fault, anything else is not. */
  private rowFailure (error: unknown, row: ParsedRow): unknown {
    if (error instanceof RowFailure) return error
    const known = error as { code?: string, statusCode?: number, message: string, details?: { field?: string } }
    if (typeof known.code !== 'string' || !known.code.startsWith('BR_') || (known.statusCode ?? 500) >= 500) return error
    const column = known.details?.field !== undefined ? columnOf(`/${known.details.field}`) : COLUMN_OF_CODE[known.code] ?? null
    return new RowFailure({ row: row.row, column, reason: known.message })
  }
}
