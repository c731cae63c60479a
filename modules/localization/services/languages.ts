import type { Knex } from 'knex'
import { localizationErrors } from '../errors.ts'
import type { Language, LanguageCreate, LanguageUpdate } from '../schemas.ts'
import { SCHEMA, changedColumns, inTransaction, uniquely } from './database.ts'
import type { LanguageLifecycleSource } from './language-lifecycle.ts'
import { assertUnreferenced, type UsageSource } from './references.ts'

interface LanguageRow { code: string, name: string, active: boolean, is_default: boolean }

const toLanguage = (row: LanguageRow): Language => ({ code: row.code, name: row.name, active: row.active, isDefault: row.is_default })

/** Languages by ISO 639-1 code; exactly one active language is the default. */
export class LanguageService {
  constructor (private readonly db: Knex, private readonly usages: UsageSource, private readonly lifecycles: LanguageLifecycleSource) {}

  async list (filter: { active?: boolean }, db: Knex = this.db): Promise<Language[]> {
    const rows: LanguageRow[] = await db.withSchema(SCHEMA).from('languages')
      .modify(query => { if (filter.active !== undefined) query.where({ active: filter.active }) })
      .orderBy('code')
    return rows.map(toLanguage)
  }

  async find (code: string, db: Knex = this.db): Promise<Language | undefined> {
    const row: LanguageRow | undefined = await db.withSchema(SCHEMA).from('languages').where({ code }).first()
    return row === undefined ? undefined : toLanguage(row)
  }

  async get (code: string, db: Knex = this.db): Promise<Language> {
    return await this.find(code, db) ?? throwNotFound(code)
  }

  async findDefault (db: Knex = this.db): Promise<Language | undefined> {
    const row: LanguageRow | undefined = await db.withSchema(SCHEMA).from('languages').where({ is_default: true }).first()
    return row === undefined ? undefined : toLanguage(row)
  }

  /** Adds a language, and the modules extending `localization.languages` prepare for it in the same transaction. */
  async create (input: LanguageCreate, db: Knex = this.db): Promise<Language> {
    return await inTransaction(db, async trx => {
      const [row] = await uniquely(async () => await trx.withSchema(SCHEMA).into('languages')
        .insert({ code: input.code, name: input.name, active: input.active ?? true }).returning('*'),
      () => new localizationErrors.BR_LOCALIZATION_DUPLICATE(`Language ${input.code} exists`))
      for (const { implementation } of this.lifecycles()) await implementation.added(trx, row.code)
      return toLanguage(row)
    })
  }

  async update (code: string, patch: LanguageUpdate, db: Knex = this.db): Promise<Language> {
    return await inTransaction(db, async trx => {
      const current = await this.lock(code, trx)
      if (patch.active === false && current.is_default) throw defaultProtected(code, 'deactivated')
      const [row] = await trx.withSchema(SCHEMA).from('languages').where({ code })
        .update(changedColumns(patch, { name: 'name', active: 'active' })).returning('*')
      return toLanguage(row)
    })
  }

  async remove (code: string, db: Knex = this.db): Promise<void> {
    await inTransaction(db, async trx => {
      const current = await this.lock(code, trx)
      if (current.is_default) throw defaultProtected(code, 'deleted')
      await assertUnreferenced(trx, { kind: 'language', code }, `Language ${code}`, [], this.usages)
      await trx.withSchema(SCHEMA).from('languages').where({ code }).delete()
    })
  }

  async makeDefault (code: string, db: Knex = this.db): Promise<Language> {
    return await inTransaction(db, async trx => {
      // Every row locked: two concurrent switches serialize instead of failing on the one-default index.
      const rows: LanguageRow[] = await trx.withSchema(SCHEMA).from('languages').forUpdate().select('*')
      const target = rows.find(row => row.code === code) ?? throwNotFound(code)
      if (!target.active) throw new localizationErrors.BR_LOCALIZATION_DEFAULT_INACTIVE('Language', code)
      await trx.withSchema(SCHEMA).from('languages').where({ is_default: true }).whereNot({ code }).update({ is_default: false })
      const [row] = await trx.withSchema(SCHEMA).from('languages').where({ code }).update({ is_default: true }).returning('*')
      return toLanguage(row)
    })
  }

  private async lock (code: string, trx: Knex.Transaction): Promise<LanguageRow> {
    return await trx.withSchema(SCHEMA).from('languages').where({ code }).forUpdate().first() ?? throwNotFound(code)
  }
}

function throwNotFound (code: string): never {
  throw new localizationErrors.BR_LOCALIZATION_LANGUAGE_NOT_FOUND(code)
}

const defaultProtected = (code: string, what: string): Error =>
  new localizationErrors.BR_LOCALIZATION_DEFAULT_PROTECTED(`Language ${code} is the default language and cannot be ${what}: make another language the default first`)
