import type { Knex } from 'knex'
import { customersErrors } from '../errors.ts'
import type { CustomerListQuery, CustomerPage } from '../schemas.ts'
import type { GroupService } from './group-service.ts'

export const CUSTOMER_SORTS = ['date', 'name', 'email'] as const
type CustomerSort = typeof CUSTOMER_SORTS[number]
type SortOrder = 'asc' | 'desc'

// A cursor's creation time as Date.toISOString writes it: anything else did not come from a page.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** Each sort key: its indexed SQL expression, the type a cursor value must have, and the order used when none is asked. */
const SORT_KEYS: Record<CustomerSort, { expression: string, cast: string, valid: (value: unknown) => boolean, order: SortOrder }> = {
  date: { expression: 'c.created_at', cast: 'timestamptz', valid: value => typeof value === 'string' && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value)), order: 'desc' },
  name: { expression: 'c.sort_name', cast: 'text', valid: value => typeof value === 'string', order: 'asc' },
  email: { expression: 'lower(c.email)', cast: 'text', valid: value => typeof value === 'string', order: 'asc' }
}

interface Cursor { key: unknown, id: number }

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, match => `\\${match}`)

/**
 * The staff's customer list: every filter and sort runs on an indexed column, pages follow a
 * keyset cursor (the sort key and the id of the last row), and the total counts the whole
 * filtered set.
 */
export class CustomerSearch {
  constructor (private readonly db: Knex, private readonly groups: GroupService) {}

  async list (query: CustomerListQuery): Promise<CustomerPage> {
    const sortName = query.sort ?? 'date'
    const sort = SORT_KEYS[sortName]
    const order = query.order ?? sort.order
    const limit = query.limit ?? 50
    const cursor = query.cursor === undefined ? undefined : this.decode(query.cursor, sortName, order)
    const filtered = this.filtered(query)
    const [{ count }] = await filtered.clone().count({ count: '*' })
    const page = filtered.clone()
      .select('c.id', 'c.email', 'c.first_name', 'c.last_name', 'c.company', 'c.language', 'c.active', 'c.newsletter', 'c.created_at', this.db.raw(`${sort.expression} as sort_key`))
      .orderByRaw(`${sort.expression} ${order}, c.id ${order}`)
      .limit(limit + 1)
    if (cursor !== undefined) page.whereRaw(`(${sort.expression}, c.id) ${order === 'asc' ? '>' : '<'} (?::${sort.cast}, ?)`, [cursor.key as string, cursor.id])
    const rows: Array<Record<string, any>> = await page
    const items = rows.slice(0, limit)
    const memberships = await this.groups.memberships(items.map(row => row.id))
    const last = items.at(-1)
    return {
      items: items.map(row => ({
        id: row.id,
        email: row.email,
        firstName: row.first_name,
        lastName: row.last_name,
        company: row.company,
        language: row.language,
        active: row.active,
        newsletter: row.newsletter,
        groupIds: memberships.get(row.id)!.groupIds,
        createdAt: row.created_at
      })),
      total: Number(count),
      nextCursor: rows.length > limit && last !== undefined ? this.encode(sortName, order, { key: last.sort_key, id: last.id }) : null
    }
  }

  /** The filtered customers, a query builder to count or page (built synchronously: awaiting a builder runs it). */
  private filtered (query: CustomerListQuery): Knex.QueryBuilder {
    const customers = this.db('customers.customers as c')
    if (query.active !== undefined) customers.where('c.active', query.active)
    if (query.newsletter !== undefined) customers.where('c.newsletter', query.newsletter)
    if (query.createdFrom !== undefined) customers.where('c.created_at', '>=', query.createdFrom)
    if (query.createdTo !== undefined) customers.where('c.created_at', '<', query.createdTo)
    if (query.groupId !== undefined) {
      customers.whereExists(members => members.select(this.db.raw('1')).from('customers.group_members as m').whereRaw('m.customer_id = c.id and m.group_id = ?', [query.groupId!]))
    }
    if (query.q !== undefined && query.q.trim() !== '') this.matchText(customers, query.q.trim())
    return customers
  }

  /** Prefix search: a 'simple' tsvector on the names and company (GIN), a text_pattern_ops index on lower(email). */
  private matchText (customers: Knex.QueryBuilder, text: string): void {
    const words = text.match(/[\p{L}\p{N}]+/gu) ?? []
    customers.where(builder => {
      builder.whereRaw("lower(c.email) like ? escape '\\'", [`${escapeLike(text.toLowerCase())}%`])
      if (words.length > 0) builder.orWhereRaw("c.search_vector @@ to_tsquery('simple', ?)", [words.map(word => `${word}:*`).join(' & ')])
    })
  }

  private encode (sort: CustomerSort, order: SortOrder, cursor: Cursor): string {
    const key = cursor.key instanceof Date ? cursor.key.toISOString() : cursor.key
    return Buffer.from(JSON.stringify([sort, order, key, cursor.id])).toString('base64url')
  }

  private decode (text: string, sort: CustomerSort, order: SortOrder): Cursor {
    let parsed: unknown
    try {
      parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    } catch {
      throw new customersErrors.BR_CUSTOMERS_INVALID_CURSOR()
    }
    if (!Array.isArray(parsed) || parsed.length !== 4) throw new customersErrors.BR_CUSTOMERS_INVALID_CURSOR()
    const [cursorSort, cursorOrder, key, id] = parsed
    if (cursorSort !== sort || cursorOrder !== order || !SORT_KEYS[sort].valid(key) || !Number.isSafeInteger(id)) throw new customersErrors.BR_CUSTOMERS_INVALID_CURSOR()
    return { key, id }
  }
}
