import type { Knex } from 'knex'
import { withDetails } from 'backroom'
import { localizationErrors } from '../errors.ts'
import type { Zone, ZoneCreate, ZoneUpdate } from '../schemas.ts'
import { SCHEMA, changedColumns, inTransaction, uniquely } from './database.ts'
import { assertUnreferenced, type UsageSource } from './references.ts'

interface ZoneRow { id: number, name: string, active: boolean, country_count: number }

const toZone = (row: ZoneRow): Zone => ({ id: row.id, name: row.name, active: row.active, countryCount: row.country_count })

/** Zones group countries (Europe, North America…) for shipping and tax decisions. */
export class ZoneService {
  constructor (private readonly db: Knex, private readonly usages: UsageSource) {}

  private select (db: Knex): Knex.QueryBuilder {
    return db.withSchema(SCHEMA).from('zones as z').select('z.id', 'z.name', 'z.active',
      db.raw('(select count(*) from ??.countries c where c.zone_id = z.id)::int as country_count', [SCHEMA]))
  }

  async list (filter: { active?: boolean }, db: Knex = this.db): Promise<Zone[]> {
    const rows: ZoneRow[] = await this.select(db)
      .modify(query => { if (filter.active !== undefined) query.where('z.active', filter.active) })
      .orderBy('z.name')
    return rows.map(toZone)
  }

  async find (id: number, db: Knex = this.db): Promise<Zone | undefined> {
    const row: ZoneRow | undefined = await this.select(db).where('z.id', id).first()
    return row === undefined ? undefined : toZone(row)
  }

  async get (id: number, db: Knex = this.db): Promise<Zone> {
    return await this.find(id, db) ?? throwNotFound(id)
  }

  async create (input: ZoneCreate, db: Knex = this.db): Promise<Zone> {
    const [{ id }] = await uniquely(async () => await db.withSchema(SCHEMA).into('zones')
      .insert({ name: input.name, active: input.active ?? true }).returning('id'), () => nameTaken(input.name))
    return await this.get(id, db)
  }

  async update (id: number, patch: ZoneUpdate, db: Knex = this.db): Promise<Zone> {
    const updated = await uniquely(async () => await db.withSchema(SCHEMA).from('zones').where({ id })
      .update(changedColumns(patch, { name: 'name', active: 'active' })), () => nameTaken(patch.name))
    if (updated === 0) throwNotFound(id)
    return await this.get(id, db)
  }

  /**
   * Deletes a zone. Its countries move to `moveCountriesTo` in the same transaction; without a
   * target a zone that still holds countries is kept (409), so no country is left without a zone.
   */
  async remove (id: number, moveCountriesTo: number | undefined, db: Knex = this.db): Promise<void> {
    await inTransaction(db, async trx => {
      await this.lock(id, trx)
      if (moveCountriesTo !== undefined) {
        if (moveCountriesTo === id) throw new localizationErrors.BR_LOCALIZATION_ZONE_TARGET_INVALID(id)
        await this.lockReference(moveCountriesTo, 'moveCountriesTo', trx)
        await trx.withSchema(SCHEMA).from('countries').where({ zone_id: id }).update({ zone_id: moveCountriesTo })
      }
      const [{ count }] = await trx.withSchema(SCHEMA).from('countries').where({ zone_id: id }).count({ count: '*' })
      await assertUnreferenced(trx, { kind: 'zone', id }, `Zone ${id}`, [{ module: SCHEMA, what: 'countries', count: Number(count) }], this.usages)
      await trx.withSchema(SCHEMA).from('zones').where({ id }).delete()
    })
  }

  /** Locks a zone a write points at, so it cannot vanish before the write commits; unknown → 400. */
  async lockReference (id: number, field: string, trx: Knex.Transaction): Promise<void> {
    const row = await trx.withSchema(SCHEMA).from('zones').where({ id }).forShare().first('id')
    if (row === undefined) throw withDetails(new localizationErrors.BR_LOCALIZATION_REFERENCE_UNKNOWN('Zone', id), { field, value: id })
  }

  private async lock (id: number, trx: Knex.Transaction): Promise<void> {
    const row = await trx.withSchema(SCHEMA).from('zones').where({ id }).forUpdate().first('id')
    if (row === undefined) throwNotFound(id)
  }
}

function throwNotFound (id: number): never {
  throw new localizationErrors.BR_LOCALIZATION_ZONE_NOT_FOUND(id)
}

const nameTaken = (name: string | undefined): Error => new localizationErrors.BR_LOCALIZATION_DUPLICATE(`A zone named ${name} exists`)
