import { withDetails } from 'backroom'
import type { Knex } from 'knex'
import { catalogErrors } from '../errors.ts'
import type { LocalizationReader } from './localization-reader.ts'

/** Texts of one language, by API field name. */
export type Texts = Record<string, string>
/** Texts by ISO language code. */
export type Translations = Record<string, Texts>

/** How one aggregate stores its per-language texts. */
export interface TranslationTable {
  table: string
  /** The column naming the owner (product_id, category_id…). */
  owner: string
  /** API field name → column. */
  columns: Record<string, string>
  /** Fields the first text in a language must carry. */
  required: string[]
  /** Fills the fields a first text may leave out (a slug from the name). */
  complete?: (texts: Texts) => Texts
}

export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$'

/** A URL slug from a name: ASCII letters and digits joined by dashes. */
function slugify (name: string): string {
  const slug = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120).replace(/-+$/, '')
  return slug === '' ? 'item' : slug
}

export const completeSlug = (texts: Texts): Texts => ({ ...texts, slug: texts.slug ?? slugify(texts.name) })

/**
 * Reads and writes the per-language texts of every aggregate the same way: languages are checked
 * against the localization module, and a change may carry only the fields it alters.
 */
export class TranslationStore {
  constructor (private readonly db: Knex, private readonly localization: LocalizationReader) {}

  async write (trx: Knex.Transaction, spec: TranslationTable, ownerId: number, translations: Translations): Promise<void> {
    const languages = Object.keys(translations)
    if (languages.length === 0) return
    await this.localization.assertKnownLanguages(languages, trx)
    const existing = new Set<string>(await trx(spec.table).where(spec.owner, ownerId).whereIn('language', languages).pluck('language'))
    for (const language of languages) {
      const texts = translations[language]
      if (existing.has(language)) {
        const changes = this.toColumns(spec, texts)
        if (Object.keys(changes).length > 0) await trx(spec.table).where({ [spec.owner]: ownerId, language }).update(changes)
        continue
      }
      const missing = spec.required.filter(field => texts[field] === undefined)
      if (missing.length > 0) throw withDetails(new catalogErrors.BR_CATALOG_TRANSLATION_INCOMPLETE(language, missing.join(', ')), { field: `translations/${language}/${missing[0]}` })
      await trx(spec.table).insert({ [spec.owner]: ownerId, language, ...this.toColumns(spec, spec.complete?.(texts) ?? texts) })
    }
  }

  /** Texts of many owners at once, by owner id then language. */
  async read<T = Texts> (spec: TranslationTable, ownerIds: number[], trx?: Knex.Transaction): Promise<Map<number, Record<string, T>>> {
    const byOwner = new Map<number, Record<string, T>>(ownerIds.map(id => [id, {}]))
    if (ownerIds.length === 0) return byOwner
    const fields = Object.entries(spec.columns)
    const rows = await (trx ?? this.db)(spec.table).whereIn(spec.owner, ownerIds).orderBy('language')
      .select(spec.owner, 'language', ...fields.map(([, column]) => column))
    for (const row of rows) {
      byOwner.get(row[spec.owner])![row.language] = Object.fromEntries(fields.map(([field, column]) => [field, row[column]])) as T
    }
    return byOwner
  }

  /** Every product, category and attribute is named at least in the shop's default language. */
  async requireDefaultName (translations: Translations, trx?: Knex.Transaction): Promise<void> {
    const language = await this.localization.defaultLanguage(trx)
    if (translations[language]?.name === undefined) throw withDetails(new catalogErrors.BR_CATALOG_DEFAULT_TRANSLATION_REQUIRED(language), { field: `translations/${language}/name` })
  }

  async copy (trx: Knex.Transaction, spec: TranslationTable, fromId: number, toId: number): Promise<void> {
    const columns = ['language', ...Object.values(spec.columns)]
    await trx.raw(`insert into ${spec.table} (??, ${columns.map(() => '??').join(', ')}) select ?, ${columns.map(() => '??').join(', ')} from ${spec.table} where ?? = ?`,
      [spec.owner, ...columns, toId, ...columns, spec.owner, fromId])
  }

  private toColumns (spec: TranslationTable, texts: Texts): Record<string, string> {
    const row: Record<string, string> = {}
    for (const [field, value] of Object.entries(texts)) {
      if (value !== undefined && spec.columns[field] !== undefined) row[spec.columns[field]] = value
    }
    return row
  }
}
