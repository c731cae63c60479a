import type { Readable } from 'node:stream'
import { CsvError, parse } from 'csv-parse'
import { withDetails } from 'backroom'
import { catalogErrors } from '../errors.ts'
import type { CatalogServices } from '../services/catalog-services.ts'
import { headerProblems, parseRecord, PRODUCT_SKU_COLUMN, SKU_COLUMN, type CellError, type ParsedRow } from './csv-format.ts'
import { RowFailure } from './row-failure.ts'
import { ImportStore, LostSkuRace } from './import-store.ts'

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

/** A transaction ended on purpose: a dry run checks everything against the database and keeps nothing. */
class DryRunRollback extends Error {}

/** Times a batch is planned again after another transaction created one of its new SKUs first. */
const RACE_ATTEMPTS = 3

interface BatchOutcome { outcomes: Array<'created' | 'updated'>, failures: Array<[Group, CellError[]]> }

/**
 * Streams a CSV into the catalog, upserting products and variants by SKU. Rows are grouped by
 * product and groups gathered in batches; each batch is checked in memory against what it reads
 * of the database in a few set queries, and written in one transaction with a handful of
 * multi-row statements. A refused row leaves out its whole product; a crash never leaves half of one.
 */
export class CatalogImport {
  private readonly store: ImportStore

  constructor (private readonly services: CatalogServices) {
    this.store = new ImportStore(services)
  }

  async run (source: Readable, options: ImportOptions): Promise<ImportReport> {
    const report: ImportReport = { dryRun: options.dryRun, rows: 0, created: 0, updated: 0, failed: 0, errors: [] }
    const languages = await this.services.localization.languageCodes()
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
    for (let attempt = 1; ; attempt++) {
      try {
        const { outcomes, failures } = await this.writeOnce(groups, options)
        for (const outcome of outcomes) report[outcome]++
        for (const [group, errors] of failures) this.fail(report, group, errors)
        return
      } catch (error) {
        if (!(error instanceof LostSkuRace) || attempt === RACE_ATTEMPTS) throw error
      }
    }
  }

  private async writeOnce (groups: Group[], options: ImportOptions): Promise<BatchOutcome> {
    const batch: BatchOutcome = { outcomes: [], failures: [] }
    try {
      await this.services.db.transaction(async trx => {
        const plan = await this.store.plan(trx, groups.flatMap(group => group.errors.length > 0 ? [] : group.rows))
        for (const group of groups) {
          if (group.errors.length > 0) {
            batch.failures.push([group, group.errors])
            continue
          }
          try {
            batch.outcomes.push(plan.apply(group.rows))
          } catch (error) {
            if (!(error instanceof RowFailure)) throw error
            batch.failures.push([group, [error.error]])
          }
        }
        await this.store.write(trx, plan, options.employeeId)
        if (options.dryRun) throw new DryRunRollback()
      })
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error
    }
    return batch
  }

  private fail (report: ImportReport, group: Group, errors: CellError[]): void {
    report.failed += group.rowNumbers.length
    report.errors.push(...errors)
    const reported = new Set(errors.map(error => error.row))
    for (const row of group.rowNumbers) {
      if (!reported.has(row)) report.errors.push({ row, column: null, reason: `left out with the other rows of product ${group.productSku}` })
    }
  }
}
