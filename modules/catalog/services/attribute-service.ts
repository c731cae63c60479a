import type { Knex } from 'knex'
import { catalogErrors } from '../errors.ts'
import type { TranslationStore, TranslationTable, Translations } from './translations.ts'

const GROUP_TEXTS: TranslationTable = { table: 'catalog.attribute_group_translations', owner: 'group_id', columns: { name: 'name' }, required: ['name'] }
const VALUE_TEXTS: TranslationTable = { table: 'catalog.attribute_value_translations', owner: 'value_id', columns: { name: 'name' }, required: ['name'] }

export interface NameText { name: string }
export interface AttributeValue { id: number, groupId: number, position: number, color: string | null, translations: Record<string, NameText> }
export interface AttributeGroup { id: number, position: number, translations: Record<string, NameText>, values: AttributeValue[] }

export interface GroupInput { position?: number, translations: Translations }
export interface ValueInput { position?: number, color?: string | null, translations: Translations }

const GROUPS = 'catalog.attribute_groups'
const VALUES = 'catalog.attribute_values'

/** Attribute groups (Size, Colour…) and their values, from which variants are combined. */
export class AttributeService {
  constructor (private readonly db: Knex, private readonly texts: TranslationStore) {}

  async list (trx?: Knex.Transaction): Promise<AttributeGroup[]> {
    const db = trx ?? this.db
    const groups = await db(GROUPS).orderBy(['position', 'id']).select('id', 'position')
    const values = await db(VALUES).orderBy(['position', 'id']).select('id', 'group_id', 'position', 'color')
    const groupTexts = await this.texts.read<NameText>(GROUP_TEXTS, groups.map(group => group.id), trx)
    const valueTexts = await this.texts.read<NameText>(VALUE_TEXTS, values.map(value => value.id), trx)
    return groups.map(group => ({
      id: group.id,
      position: group.position,
      translations: groupTexts.get(group.id)!,
      values: values.filter(value => value.group_id === group.id)
        .map(value => ({ id: value.id, groupId: value.group_id, position: value.position, color: value.color, translations: valueTexts.get(value.id)! }))
    }))
  }

  async group (id: number, trx?: Knex.Transaction): Promise<AttributeGroup> {
    const group = (await this.list(trx)).find(candidate => candidate.id === id)
    if (group === undefined) throw new catalogErrors.BR_CATALOG_ATTRIBUTE_GROUP_NOT_FOUND(id)
    return group
  }

  async value (id: number, trx?: Knex.Transaction): Promise<AttributeValue> {
    const value = (await this.list(trx)).flatMap(group => group.values).find(candidate => candidate.id === id)
    if (value === undefined) throw new catalogErrors.BR_CATALOG_ATTRIBUTE_VALUE_NOT_FOUND(id)
    return value
  }

  async createGroup (input: GroupInput): Promise<AttributeGroup> {
    return await this.db.transaction(async trx => {
      await this.texts.requireDefaultName(input.translations, trx)
      const [{ id }] = await trx(GROUPS).insert({ position: input.position ?? await this.nextPosition(trx(GROUPS)) }).returning('id')
      await this.texts.write(trx, GROUP_TEXTS, id, input.translations)
      return await this.group(id, trx)
    })
  }

  async updateGroup (id: number, change: Partial<GroupInput>): Promise<AttributeGroup> {
    return await this.db.transaction(async trx => {
      await this.lockRow(trx, GROUPS, id, catalogErrors.BR_CATALOG_ATTRIBUTE_GROUP_NOT_FOUND)
      if (change.position !== undefined) await trx(GROUPS).where({ id }).update({ position: change.position, updated_at: trx.fn.now() })
      await this.texts.write(trx, GROUP_TEXTS, id, change.translations ?? {})
      return await this.group(id, trx)
    })
  }

  async deleteGroup (id: number): Promise<void> {
    await this.db.transaction(async trx => {
      await this.lockRow(trx, GROUPS, id, catalogErrors.BR_CATALOG_ATTRIBUTE_GROUP_NOT_FOUND)
      await this.refuseInUse(trx, 'group_id', id)
      await trx(GROUPS).where({ id }).delete()
    })
  }

  async createValue (groupId: number, input: ValueInput): Promise<AttributeValue> {
    return await this.db.transaction(async trx => {
      await this.lockRow(trx, GROUPS, groupId, catalogErrors.BR_CATALOG_ATTRIBUTE_GROUP_NOT_FOUND)
      await this.texts.requireDefaultName(input.translations, trx)
      const position = input.position ?? await this.nextPosition(trx(VALUES).where({ group_id: groupId }))
      const [{ id }] = await trx(VALUES).insert({ group_id: groupId, position, color: input.color ?? null }).returning('id')
      await this.texts.write(trx, VALUE_TEXTS, id, input.translations)
      return await this.value(id, trx)
    })
  }

  async updateValue (id: number, change: Partial<ValueInput>): Promise<AttributeValue> {
    return await this.db.transaction(async trx => {
      await this.lockRow(trx, VALUES, id, catalogErrors.BR_CATALOG_ATTRIBUTE_VALUE_NOT_FOUND)
      const columns = { ...(change.position === undefined ? {} : { position: change.position }), ...(change.color === undefined ? {} : { color: change.color }) }
      if (Object.keys(columns).length > 0) await trx(VALUES).where({ id }).update({ ...columns, updated_at: trx.fn.now() })
      await this.texts.write(trx, VALUE_TEXTS, id, change.translations ?? {})
      return await this.value(id, trx)
    })
  }

  async deleteValue (id: number): Promise<void> {
    await this.db.transaction(async trx => {
      await this.lockRow(trx, VALUES, id, catalogErrors.BR_CATALOG_ATTRIBUTE_VALUE_NOT_FOUND)
      await this.refuseInUse(trx, 'value_id', id)
      await trx(VALUES).where({ id }).delete()
    })
  }

  /** The group of each named value; an unknown value is a bad request. */
  async groupsOf (trx: Knex.Transaction, valueIds: number[]): Promise<Map<number, number>> {
    const groups = await this.valueGroups(trx, valueIds)
    const unknown = valueIds.find(id => !groups.has(id))
    if (unknown !== undefined) throw new catalogErrors.BR_CATALOG_UNKNOWN_ATTRIBUTE_VALUE(unknown)
    return groups
  }

  /** The group of each value that exists among those named (the import checks a whole batch at once). */
  async valueGroups (trx: Knex.Transaction, valueIds: number[]): Promise<Map<number, number>> {
    const rows = await trx(VALUES).whereIn('id', valueIds).select('id', 'group_id')
    return new Map<number, number>(rows.map(row => [row.id, row.group_id]))
  }

  private async refuseInUse (trx: Knex.Transaction, column: 'group_id' | 'value_id', id: number): Promise<void> {
    const [{ count }] = await trx('catalog.variant_values').where(column, id).countDistinct({ count: 'variant_id' })
    if (Number(count) > 0) throw new catalogErrors.BR_CATALOG_ATTRIBUTE_IN_USE(id, Number(count))
  }

  private async nextPosition (siblings: Knex.QueryBuilder): Promise<number> {
    const [{ max }] = await siblings.max({ max: 'position' })
    return max === null ? 0 : Number(max) + 1
  }


  private async lockRow (trx: Knex.Transaction, table: string, id: number, NotFound: new (id: number) => Error): Promise<void> {
    const row = await trx(table).where({ id }).forUpdate().first('id')
    if (row === undefined) throw new NotFound(id)
  }
}
