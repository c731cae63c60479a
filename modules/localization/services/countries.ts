import type { Knex } from 'knex'
import { withDetails } from 'backroom'
import { localizationErrors } from '../errors.ts'
import { type Country, type CountryCreate, type CountryListQuery, type CountryUpdate } from '../schemas.ts'
import { SCHEMA, changedColumns, inTransaction, uniquely } from './database.ts'
import { compilePostcodePattern } from './postcodes.ts'
import { assertUnreferenced, type UsageSource } from './references.ts'
import type { ZoneService } from './zones.ts'

interface CountryRow { code: string, name: string, zone_id: number, zone_name: string, active: boolean, needs_postcode: boolean, postcode_pattern: string | null }

const toCountry = (row: CountryRow): Country => ({
  code: row.code,
  name: row.name,
  zoneId: row.zone_id,
  zoneName: row.zone_name,
  active: row.active,
  needsPostcode: row.needs_postcode,
  postcodePattern: row.postcode_pattern
})

/** Countries by ISO 3166-1 alpha-2 code, each in one zone, with their postcode rules. */
export class CountryService {
  constructor (private readonly db: Knex, private readonly zones: ZoneService, private readonly usages: UsageSource) {}

  private select (db: Knex): Knex.QueryBuilder {
    return db.withSchema(SCHEMA).from('countries as c').join('zones as z', 'z.id', 'c.zone_id')
      .select('c.code', 'c.name', 'c.zone_id', 'z.name as zone_name', 'c.active', 'c.needs_postcode', 'c.postcode_pattern')
  }

  /** A page in code order; nextCursor is the code to pass as `cursor` for the next page, null on the last. */
  async list (query: CountryListQuery, db: Knex = this.db): Promise<{ items: Country[], nextCursor: string | null }> {
    const { limit } = query
    const rows: CountryRow[] = await this.select(db)
      .modify(builder => {
        if (query.active !== undefined) builder.where('c.active', query.active)
        if (query.zoneId !== undefined) builder.where('c.zone_id', query.zoneId)
        if (query.cursor !== undefined) builder.where('c.code', '>', query.cursor)
      })
      .orderBy('c.code')
      .limit(limit + 1)
    const page = rows.slice(0, limit)
    return { items: page.map(toCountry), nextCursor: rows.length > limit ? page[page.length - 1].code : null }
  }

  async find (code: string, db: Knex = this.db): Promise<Country | undefined> {
    const row: CountryRow | undefined = await this.select(db).where('c.code', code).first()
    return row === undefined ? undefined : toCountry(row)
  }

  async get (code: string, db: Knex = this.db): Promise<Country> {
    return await this.find(code, db) ?? throwNotFound(code)
  }

  async create (input: CountryCreate, db: Knex = this.db): Promise<Country> {
    if (typeof input.postcodePattern === 'string') compilePostcodePattern(input.postcodePattern)
    return await inTransaction(db, async trx => {
      await this.zones.lockReference(input.zoneId, 'zoneId', trx)
      await uniquely(async () => await trx.withSchema(SCHEMA).into('countries').insert({
        code: input.code,
        name: input.name,
        zone_id: input.zoneId,
        active: input.active ?? true,
        needs_postcode: input.needsPostcode ?? false,
        postcode_pattern: input.postcodePattern ?? null
      }), () => new localizationErrors.BR_LOCALIZATION_DUPLICATE(`Country ${input.code} exists`))
      return await this.get(input.code, trx)
    })
  }

  async update (code: string, patch: CountryUpdate, db: Knex = this.db): Promise<Country> {
    if (typeof patch.postcodePattern === 'string') compilePostcodePattern(patch.postcodePattern)
    return await inTransaction(db, async trx => {
      await this.lock(code, trx)
      if (patch.zoneId !== undefined) await this.zones.lockReference(patch.zoneId, 'zoneId', trx)
      await trx.withSchema(SCHEMA).from('countries').where({ code }).update(changedColumns(patch, {
        name: 'name', zoneId: 'zone_id', active: 'active', needsPostcode: 'needs_postcode', postcodePattern: 'postcode_pattern'
      }))
      return await this.get(code, trx)
    })
  }

  async remove (code: string, db: Knex = this.db): Promise<void> {
    await inTransaction(db, async trx => {
      await this.lock(code, trx)
      const [{ count }] = await trx.withSchema(SCHEMA).from('tax_rates').where({ country_code: code }).count({ count: '*' })
      await assertUnreferenced(trx, { kind: 'country', code }, `Country ${code}`, [{ module: SCHEMA, what: 'tax rates', count: Number(count) }], this.usages)
      await trx.withSchema(SCHEMA).from('countries').where({ code }).delete()
    })
  }

  /** Locks the countries a write points at; the unknown ones are a 400 naming them. */
  async lockReferences (codes: string[], field: string, trx: Knex.Transaction): Promise<void> {
    const unique = [...new Set(codes)]
    if (unique.length === 0) return
    const found = new Set<string>(await trx.withSchema(SCHEMA).from('countries').whereIn('code', unique).forShare().pluck('code'))
    const missing = unique.filter(code => !found.has(code))
    if (missing.length > 0) {
      throw withDetails(new localizationErrors.BR_LOCALIZATION_REFERENCE_UNKNOWN(missing.length === 1 ? 'Country' : 'Countries', missing.join(', ')), { field, value: missing })
    }
  }

  private async lock (code: string, trx: Knex.Transaction): Promise<void> {
    const row = await trx.withSchema(SCHEMA).from('countries').where({ code }).forUpdate().first('code')
    if (row === undefined) throwNotFound(code)
  }
}

function throwNotFound (code: string): never {
  throw new localizationErrors.BR_LOCALIZATION_COUNTRY_NOT_FOUND(code)
}
