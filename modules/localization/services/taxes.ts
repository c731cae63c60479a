import type { Knex } from 'knex'
import { withDetails } from 'backroom'
import { localizationErrors } from '../errors.ts'
import {
  type TaxRate, type TaxRateLine, type TaxRateMatch, type TaxRule, type TaxRuleCreate,
  type TaxRuleListQuery, type TaxRuleSummary, type TaxRuleUpdate
} from '../schemas.ts'
import type { CountryService } from './countries.ts'
import { SCHEMA, changedColumns, inTransaction, uniquely } from './database.ts'
import { assertUnreferenced, type UsageSource } from './references.ts'

interface TaxRuleRow { id: number, name: string, active: boolean }
interface TaxRateRow { rule_id: number, country_code: string, region: string | null, rate: string }

const toRate = (row: TaxRateRow): TaxRate => ({ country: row.country_code, region: row.region, rate: row.rate })
const lineKey = (line: TaxRateLine): string => line.region == null ? line.country : `${line.country}-${line.region}`

/**
 * Tax rules (Standard rate, Reduced rate…), each a set of rates per country and optionally per
 * region. A product points at a rule; the rate applied follows the delivery country.
 */
export class TaxService {
  constructor (private readonly db: Knex, private readonly countries: CountryService, private readonly usages: UsageSource) {}

  private selectRates (db: Knex): Knex.QueryBuilder {
    return db.withSchema(SCHEMA).from('tax_rates').select('rule_id', 'country_code', 'region', db.raw('trim_scale(rate)::text as rate'))
  }

  /** A page in id order; nextCursor is the id to pass as `cursor` for the next page, null on the last. */
  async list (query: TaxRuleListQuery, db: Knex = this.db): Promise<{ items: TaxRuleSummary[], nextCursor: number | null }> {
    const { limit } = query
    const rows: Array<TaxRuleRow & { rate_count: number }> = await db.withSchema(SCHEMA).from('tax_rules as t')
      .select('t.id', 't.name', 't.active', db.raw('(select count(*) from ??.tax_rates r where r.rule_id = t.id)::int as rate_count', [SCHEMA]))
      .modify(builder => {
        if (query.active !== undefined) builder.where('t.active', query.active)
        if (query.cursor !== undefined) builder.where('t.id', '>', query.cursor)
      })
      .orderBy('t.id')
      .limit(limit + 1)
    const page = rows.slice(0, limit)
    return {
      items: page.map(row => ({ id: row.id, name: row.name, active: row.active, rateCount: row.rate_count })),
      nextCursor: rows.length > limit ? page[page.length - 1].id : null
    }
  }

  async find (id: number, db: Knex = this.db): Promise<TaxRule | undefined> {
    const rule: TaxRuleRow | undefined = await db.withSchema(SCHEMA).from('tax_rules').where({ id }).first('id', 'name', 'active')
    if (rule === undefined) return undefined
    const rates: TaxRateRow[] = await this.selectRates(db).where({ rule_id: id }).orderBy('country_code').orderByRaw('region nulls first')
    return { id: rule.id, name: rule.name, active: rule.active, rates: rates.map(toRate) }
  }

  async get (id: number, db: Knex = this.db): Promise<TaxRule> {
    return await this.find(id, db) ?? throwNotFound(id)
  }

  async create (input: TaxRuleCreate, db: Knex = this.db): Promise<TaxRule> {
    return await inTransaction(db, async trx => {
      const [{ id }] = await uniquely(async () => await trx.withSchema(SCHEMA).into('tax_rules')
        .insert({ name: input.name, active: input.active ?? true }).returning('id'), () => nameTaken(input.name))
      await this.writeRates(id, input.rates ?? [], trx)
      return await this.get(id, trx)
    })
  }

  async update (id: number, patch: TaxRuleUpdate, db: Knex = this.db): Promise<TaxRule> {
    const updated = await uniquely(async () => await db.withSchema(SCHEMA).from('tax_rules').where({ id })
      .update(changedColumns(patch, { name: 'name', active: 'active' })), () => nameTaken(patch.name))
    if (updated === 0) throwNotFound(id)
    return await this.get(id, db)
  }

  /** Replaces every rate of a rule at once: the rule is never seen half-edited. */
  async replaceRates (id: number, rates: TaxRateLine[], db: Knex = this.db): Promise<TaxRule> {
    return await inTransaction(db, async trx => {
      await this.lock(id, trx)
      await trx.withSchema(SCHEMA).from('tax_rates').where({ rule_id: id }).delete()
      await this.writeRates(id, rates, trx)
      return await this.get(id, trx)
    })
  }

  async remove (id: number, db: Knex = this.db): Promise<void> {
    await inTransaction(db, async trx => {
      await this.lock(id, trx)
      await assertUnreferenced(trx, { kind: 'taxRule', id }, `Tax rule ${id}`, [], this.usages)
      await trx.withSchema(SCHEMA).from('tax_rules').where({ id }).delete()
    })
  }

  /** The rate for a destination: the region's line when there is one, else the whole country's. */
  async rateFor (ruleId: number, country: string, region: string | undefined, db: Knex = this.db): Promise<TaxRateMatch | undefined> {
    const row: TaxRateRow | undefined = await this.selectRates(db)
      .where({ rule_id: ruleId, country_code: country })
      .where(builder => { builder.whereNull('region'); if (region !== undefined) builder.orWhere('region', region) })
      .orderByRaw('region nulls last')
      .first()
    return row === undefined ? undefined : { ruleId, country, region: row.region, rate: row.rate }
  }

  private async writeRates (ruleId: number, rates: TaxRateLine[], trx: Knex.Transaction): Promise<void> {
    const seen = new Set<string>()
    for (const line of rates) {
      const key = lineKey(line)
      if (seen.has(key)) throw withDetails(new localizationErrors.BR_LOCALIZATION_TAX_RATE_DUPLICATE(key), { field: 'rates', value: key })
      seen.add(key)
    }
    await this.countries.lockReferences(rates.map(line => line.country), 'rates', trx)
    if (rates.length === 0) return
    await trx.withSchema(SCHEMA).into('tax_rates')
      .insert(rates.map(line => ({ rule_id: ruleId, country_code: line.country, region: line.region ?? null, rate: line.rate })))
  }

  private async lock (id: number, trx: Knex.Transaction): Promise<void> {
    const row = await trx.withSchema(SCHEMA).from('tax_rules').where({ id }).forUpdate().first('id')
    if (row === undefined) throwNotFound(id)
  }
}

function throwNotFound (id: number): never {
  throw new localizationErrors.BR_LOCALIZATION_TAX_RULE_NOT_FOUND(id)
}

const nameTaken = (name: string | undefined): Error => new localizationErrors.BR_LOCALIZATION_DUPLICATE(`A tax rule named ${name} exists`)
