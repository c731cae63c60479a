import { withDetails } from 'backroom'
import type { Knex } from 'knex'
import { catalogErrors } from '../errors.ts'
import type { EmitEvent } from './events.ts'
import { completeSlug, type TranslationStore, type TranslationTable, type Translations } from './translations.ts'

const CATEGORY_TEXTS: TranslationTable = {
  table: 'catalog.category_translations',
  owner: 'category_id',
  columns: { name: 'name', description: 'description', slug: 'slug' },
  required: ['name'],
  complete: completeSlug
}

export interface CategoryTexts { name: string, description: string, slug: string }

export interface Category {
  id: number
  parentId: number | null
  position: number
  active: boolean
  depth: number
  translations: Record<string, CategoryTexts>
  createdAt: Date
  updatedAt: Date
}

export interface CategoryInput {
  parentId?: number | null
  position?: number
  active?: boolean
  translations: Translations
}

export interface CategoryChange {
  active?: boolean
  translations?: Translations
}

interface CategoryRow { id: number, parent_id: number | null, position: number, active: boolean, path: string, created_at: Date, updated_at: Date }

const CATEGORIES = 'catalog.categories'

/**
 * The category tree. Every structural change (create, move, reorder, delete) takes one
 * transaction-scoped advisory lock, so positions stay contiguous and two concurrent moves can
 * never build a cycle.
 */
export class CategoryService {
  constructor (private readonly db: Knex, private readonly texts: TranslationStore, private readonly emit: EmitEvent) {}

  /** Every category in tree order: each parent before its children, siblings by position. */
  async list (): Promise<Category[]> {
    const rows: CategoryRow[] = await this.db(CATEGORIES).select('*').orderBy([{ column: 'parent_id', order: 'asc', nulls: 'first' }, 'position'])
    const translations = await this.texts.read<CategoryTexts>(CATEGORY_TEXTS, rows.map(row => row.id))
    const children = new Map<number | null, CategoryRow[]>()
    for (const row of rows) children.set(row.parent_id, [...(children.get(row.parent_id) ?? []), row])
    const ordered: Category[] = []
    const visit = (parentId: number | null): void => {
      for (const row of children.get(parentId) ?? []) {
        ordered.push(this.toCategory(row, translations.get(row.id)!))
        visit(row.id)
      }
    }
    visit(null)
    return ordered
  }

  async get (id: number, trx?: Knex.Transaction): Promise<Category> {
    const row = await this.row(id, trx)
    const translations = await this.texts.read<CategoryTexts>(CATEGORY_TEXTS, [id], trx)
    return this.toCategory(row, translations.get(id)!)
  }

  async create (input: CategoryInput): Promise<Category> {
    return await this.db.transaction(async trx => {
      await this.lockTree(trx)
      const parent = input.parentId == null ? null : await this.existing(input.parentId, trx)
      await this.texts.requireDefaultName(input.translations, trx)
      const position = await this.openSlot(trx, parent?.id ?? null, input.position)
      const [{ id }] = await trx(CATEGORIES).insert({ parent_id: parent?.id ?? null, position, active: input.active ?? true, path: '/' }).returning('id')
      await trx(CATEGORIES).where({ id }).update({ path: `${parent?.path ?? '/'}${id}/` })
      await this.texts.write(trx, CATEGORY_TEXTS, id, input.translations)
      return await this.get(id, trx)
    })
  }

  async update (id: number, change: CategoryChange): Promise<Category> {
    return await this.db.transaction(async trx => {
      await this.row(id, trx, true)
      if (change.active !== undefined) await trx(CATEGORIES).where({ id }).update({ active: change.active })
      await this.texts.write(trx, CATEGORY_TEXTS, id, change.translations ?? {})
      await trx(CATEGORIES).where({ id }).update({ updated_at: trx.fn.now() })
      return await this.get(id, trx)
    })
  }

  /** Changes texts only: what a translator may do. */
  async updateTexts (id: number, translations: Translations): Promise<Category> {
    return await this.update(id, { translations })
  }

  /** Moves a category (with its sub-tree) under another parent, or to the root, at a position. */
  async move (id: number, parentId: number | null, position: number | undefined): Promise<Category> {
    return await this.db.transaction(async trx => {
      await this.lockTree(trx)
      const category = await this.row(id, trx)
      const parent = parentId === null ? null : await this.existing(parentId, trx)
      if (parent !== null && parent.path.startsWith(category.path)) throw new catalogErrors.BR_CATALOG_CATEGORY_CYCLE(id)
      await this.closeSlot(trx, category)
      const slot = await this.openSlot(trx, parent?.id ?? null, position, id)
      const newPath = `${parent?.path ?? '/'}${id}/`
      await trx(CATEGORIES).where({ id }).update({ parent_id: parent?.id ?? null, position: slot, updated_at: trx.fn.now() })
      await this.rewritePaths(trx, category.path, newPath)
      return await this.get(id, trx)
    })
  }

  /** Sets the order of a parent's children (the roots when parentId is null): ids lists each exactly once. */
  async reorder (parentId: number | null, ids: number[]): Promise<Category[]> {
    await this.db.transaction(async trx => {
      await this.lockTree(trx)
      if (parentId !== null) await this.row(parentId, trx)
      const children: number[] = await this.siblings(trx, parentId).orderBy('position').pluck('id')
      const same = ids.length === children.length && new Set(ids).size === ids.length && ids.every(id => children.includes(id))
      if (!same) throw withDetails(new catalogErrors.BR_CATALOG_REORDER_MISMATCH(), { expected: children })
      for (const [position, id] of ids.entries()) await trx(CATEGORIES).where({ id }).update({ position })
    })
    const all = await this.list()
    return all.filter(category => category.parentId === parentId).sort((a, b) => a.position - b.position)
  }

  /**
   * Deletes a category. Its children move up to its parent, in its place; its products (default
   * or extra category) move to the target category, and without a target the delete is refused.
   */
  async delete (id: number, targetCategoryId: number | undefined): Promise<{ movedProducts: number }> {
    return await this.db.transaction(async trx => {
      await this.lockTree(trx)
      // The row lock holds off products being attached to the category while it is emptied.
      const category = await this.row(id, trx, true)
      const products = await this.productsIn(trx, id)
      if (targetCategoryId === id) throw new catalogErrors.BR_CATALOG_CATEGORY_TARGET_INVALID(id)
      if (targetCategoryId !== undefined) await this.existing(targetCategoryId, trx)
      if (products.length > 0 && targetCategoryId === undefined) throw new catalogErrors.BR_CATALOG_CATEGORY_NOT_EMPTY(id, products.length)
      if (targetCategoryId !== undefined) await this.moveProducts(trx, products, id, targetCategoryId)
      await this.liftChildren(trx, category)
      await trx(CATEGORIES).where({ id }).delete()
      await this.closeSlot(trx, category)
      return { movedProducts: products.length }
    })
  }

  /** The ids among these that name no category. */
  async missing (ids: number[], trx?: Knex.Transaction): Promise<number[]> {
    const found = new Set<number>(await (trx ?? this.db)(CATEGORIES).whereIn('id', ids).pluck('id'))
    return ids.filter(id => !found.has(id))
  }

  /** Products that name the category as their default or an extra category. */
  private async productsIn (trx: Knex.Transaction, id: number): Promise<Array<{ id: number, sku: string }>> {
    const result = await trx.raw(`select id, sku from catalog.products p where p.default_category_id = ?
      or exists (select 1 from catalog.product_categories pc where pc.product_id = p.id and pc.category_id = ?) order by id`, [id, id])
    return result.rows
  }

  private async moveProducts (trx: Knex.Transaction, products: Array<{ id: number, sku: string }>, from: number, to: number): Promise<void> {
    await trx('catalog.products').where({ default_category_id: from }).update({ default_category_id: to, updated_at: trx.fn.now() })
    await trx.raw(`insert into catalog.product_categories (product_id, category_id)
      select product_id, ? from catalog.product_categories where category_id = ? on conflict do nothing`, [to, from])
    await trx('catalog.product_categories').where({ category_id: from }).delete()
    for (const product of products) await this.emit(trx, 'catalog.product.updated', product)
  }

  /** Re-attaches a deleted category's children to its parent, in its place and in their order. */
  private async liftChildren (trx: Knex.Transaction, category: CategoryRow): Promise<void> {
    const children: CategoryRow[] = await trx(CATEGORIES).where({ parent_id: category.id }).orderBy('position')
    if (children.length === 0) return
    await this.siblings(trx, category.parent_id).where('position', '>', category.position).increment('position', children.length)
    const parentPath = category.path.slice(0, category.path.length - `${category.id}/`.length)
    for (const [index, child] of children.entries()) {
      await trx(CATEGORIES).where({ id: child.id }).update({ parent_id: category.parent_id, position: category.position + 1 + index })
      await this.rewritePaths(trx, child.path, `${parentPath}${child.id}/`)
    }
  }

  private async rewritePaths (trx: Knex.Transaction, oldPath: string, newPath: string): Promise<void> {
    if (oldPath === newPath) return
    await trx.raw('update catalog.categories set path = ? || substr(path, ?) where path like ?', [newPath, oldPath.length + 1, `${oldPath}%`])
  }

  /** Makes room at a position among a parent's children (the end when left out) and returns it. */
  private async openSlot (trx: Knex.Transaction, parentId: number | null, wanted: number | undefined, movingId?: number): Promise<number> {
    const [{ count }] = await this.siblings(trx, parentId).whereNot('id', movingId ?? 0).count({ count: '*' })
    const position = Math.min(wanted ?? Number(count), Number(count))
    await this.siblings(trx, parentId).where('position', '>=', position).increment('position', 1)
    return position
  }

  /** Closes the gap a category leaves among its former siblings. */
  private async closeSlot (trx: Knex.Transaction, category: CategoryRow): Promise<void> {
    await this.siblings(trx, category.parent_id).where('position', '>', category.position).whereNot('id', category.id).decrement('position', 1)
  }

  private siblings (trx: Knex.Transaction, parentId: number | null): Knex.QueryBuilder {
    return parentId === null ? trx(CATEGORIES).whereNull('parent_id') : trx(CATEGORIES).where({ parent_id: parentId })
  }


  private async lockTree (trx: Knex.Transaction): Promise<void> {
    await trx.raw("select pg_advisory_xact_lock(hashtext('catalog.category_tree'))")
  }

  private async row (id: number, trx?: Knex.Transaction, forUpdate = false): Promise<CategoryRow> {
    const query = (trx ?? this.db)(CATEGORIES).where({ id }).first()
    const row = await (forUpdate ? query.forUpdate() : query)
    if (row === undefined) throw new catalogErrors.BR_CATALOG_CATEGORY_NOT_FOUND(id)
    return row
  }

  /** A category named in a body: unknown is a bad request rather than a missing resource. */
  private async existing (id: number, trx?: Knex.Transaction): Promise<CategoryRow> {
    const row = await (trx ?? this.db)(CATEGORIES).where({ id }).first()
    if (row === undefined) throw new catalogErrors.BR_CATALOG_UNKNOWN_CATEGORY(id)
    return row
  }

  private toCategory (row: CategoryRow, translations: Record<string, CategoryTexts>): Category {
    return {
      id: row.id,
      parentId: row.parent_id,
      position: row.position,
      active: row.active,
      depth: row.path.split('/').length - 3,
      translations,
      createdAt: row.created_at,
      updatedAt: row.updated_at
    }
  }
}
