import type { Knex } from 'knex'
import { localizationErrors } from '../errors.ts'
import type { Currency, CurrencyCreate, CurrencyUpdate } from '../schemas.ts'
import { SCHEMA, changedColumns, inTransaction, uniquely } from './database.ts'
import { assertUnreferenced, type UsageSource } from './references.ts'

interface CurrencyRow { code: string, name: string, symbol: string, exponent: number, exchange_rate: string, active: boolean, is_default: boolean }

// Rates are numeric(30, 12): twelve decimals, and at most eighteen integer digits.
const RATE_DECIMALS = 12
const RATE_LIMIT = '1e18'
const AT_PAR = /^0*1(\.0*)?$/

const toCurrency = (row: CurrencyRow): Currency => ({
  code: row.code,
  name: row.name,
  symbol: row.symbol,
  exponent: row.exponent,
  exchangeRate: row.exchange_rate,
  active: row.active,
  isDefault: row.is_default
})

/** Currencies by ISO 4217 code; the default one has the exchange rate 1 and the others are quoted against it. */
export class CurrencyService {
  constructor (private readonly db: Knex, private readonly usages: UsageSource) {}

  private select (db: Knex): Knex.QueryBuilder {
    // trim_scale: '1.08', not '1.080000000000'; as text, so no float ever holds a rate.
    return db.withSchema(SCHEMA).from('currencies')
      .select('code', 'name', 'symbol', 'exponent', 'active', 'is_default', db.raw('trim_scale(exchange_rate)::text as exchange_rate'))
  }

  async list (filter: { active?: boolean }, db: Knex = this.db): Promise<Currency[]> {
    const rows: CurrencyRow[] = await this.select(db)
      .modify(query => { if (filter.active !== undefined) query.where({ active: filter.active }) })
      .orderBy('code')
    return rows.map(toCurrency)
  }

  async find (code: string, db: Knex = this.db): Promise<Currency | undefined> {
    const row: CurrencyRow | undefined = await this.select(db).where({ code }).first()
    return row === undefined ? undefined : toCurrency(row)
  }

  async get (code: string, db: Knex = this.db): Promise<Currency> {
    return await this.find(code, db) ?? throwNotFound(code)
  }

  async findDefault (db: Knex = this.db): Promise<Currency | undefined> {
    const row: CurrencyRow | undefined = await this.select(db).where({ is_default: true }).first()
    return row === undefined ? undefined : toCurrency(row)
  }

  async create (input: CurrencyCreate, db: Knex = this.db): Promise<Currency> {
    await uniquely(async () => await db.withSchema(SCHEMA).into('currencies').insert({
      code: input.code,
      name: input.name,
      symbol: input.symbol,
      exponent: input.exponent,
      exchange_rate: input.exchangeRate,
      active: input.active ?? true
    }), () => new localizationErrors.BR_LOCALIZATION_DUPLICATE(`Currency ${input.code} exists`))
    return await this.get(input.code, db)
  }

  /** The exponent is not changeable: amounts stored in minor units elsewhere depend on it. */
  async update (code: string, patch: CurrencyUpdate, db: Knex = this.db): Promise<Currency> {
    return await inTransaction(db, async trx => {
      const current = await this.lock(code, trx)
      if (current.is_default && patch.active === false) throw defaultProtected(`Currency ${code} is the default currency and cannot be deactivated: make another currency the default first`)
      if (current.is_default && patch.exchangeRate !== undefined && !AT_PAR.test(patch.exchangeRate)) {
        throw defaultProtected(`Currency ${code} is the default currency: its exchange rate is 1 by definition; make another currency the default to quote it`)
      }
      await trx.withSchema(SCHEMA).from('currencies').where({ code })
        .update(changedColumns(patch, { name: 'name', symbol: 'symbol', exchangeRate: 'exchange_rate', active: 'active' }))
      return await this.get(code, trx)
    })
  }

  async remove (code: string, db: Knex = this.db): Promise<void> {
    await inTransaction(db, async trx => {
      const current = await this.lock(code, trx)
      if (current.is_default) throw defaultProtected(`Currency ${code} is the default currency and cannot be deleted: make another currency the default first`)
      await assertUnreferenced(trx, { kind: 'currency', code }, `Currency ${code}`, [], this.usages)
      await trx.withSchema(SCHEMA).from('currencies').where({ code }).delete()
    })
  }

  /**
   * Makes an active currency the default and requotes every rate against it in one transaction:
   * new rate = old rate / old rate of the new default, rounded to twelve decimals. Refused when a
   * rate would round to zero or overflow, so no currency silently loses its quote.
   */
  async makeDefault (code: string, db: Knex = this.db): Promise<Currency[]> {
    return await inTransaction(db, async trx => {
      const rows: CurrencyRow[] = await this.select(trx).forUpdate().orderBy('code')
      const target = rows.find(row => row.code === code) ?? throwNotFound(code)
      if (!target.active) throw new localizationErrors.BR_LOCALIZATION_DEFAULT_INACTIVE('Currency', code)
      if (target.is_default) return rows.map(toCurrency)
      const pivot = target.exchange_rate
      const outOfRange: { code: string } | undefined = await trx.withSchema(SCHEMA).from('currencies')
        .whereRaw('round(exchange_rate / ?::numeric, ?) = 0 or exchange_rate / ?::numeric >= ?::numeric', [pivot, RATE_DECIMALS, pivot, RATE_LIMIT])
        .orderBy('code')
        .first('code')
      if (outOfRange !== undefined) throw new localizationErrors.BR_LOCALIZATION_EXCHANGE_RATE_RANGE(code, outOfRange.code)
      // Two statements: the one-default index is checked row by row, so the old default goes first.
      await trx.withSchema(SCHEMA).from('currencies').where({ is_default: true }).update({ is_default: false })
      await trx.withSchema(SCHEMA).from('currencies').update({
        exchange_rate: trx.raw('round(exchange_rate / ?::numeric, ?)', [pivot, RATE_DECIMALS]),
        is_default: trx.raw('code = ?', [code])
      })
      return await this.list({}, trx)
    })
  }

  private async lock (code: string, trx: Knex.Transaction): Promise<CurrencyRow> {
    return await this.select(trx).where({ code }).forUpdate().first() ?? throwNotFound(code)
  }
}

function throwNotFound (code: string): never {
  throw new localizationErrors.BR_LOCALIZATION_CURRENCY_NOT_FOUND(code)
}

const defaultProtected = (message: string): Error => new localizationErrors.BR_LOCALIZATION_DEFAULT_PROTECTED(message)
