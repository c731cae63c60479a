import type { Knex } from 'knex'
import type { OrderState, StateCreate, StateUpdate } from '../schemas.ts'

interface StateRow {
  id: number
  key: string | null
  color: string
  paid: boolean
  shipped: boolean
  delivered: boolean
  invoice: boolean
  send_email: boolean
  logable: boolean
  required_permission: OrderState['requiredPermission']
}

type StateColumns = Partial<Omit<StateRow, 'id' | 'key'>>

/**
 * What a copy of the state list is good for: the list's version (a trigger gives it a new one on
 * every write of states, names or transitions) and the default language, localization's, that
 * lists name states in.
 */
export interface StateListKey { version: number, defaultLanguage: string }

function columnsOf (fields: StateUpdate): StateColumns {
  const columns: StateColumns = {}
  if (fields.color !== undefined) columns.color = fields.color
  if (fields.paid !== undefined) columns.paid = fields.paid
  if (fields.shipped !== undefined) columns.shipped = fields.shipped
  if (fields.delivered !== undefined) columns.delivered = fields.delivered
  if (fields.invoice !== undefined) columns.invoice = fields.invoice
  if (fields.sendEmail !== undefined) columns.send_email = fields.sendEmail
  if (fields.logable !== undefined) columns.logable = fields.logable
  if (fields.requiredPermission !== undefined) columns.required_permission = fields.requiredPermission
  return columns
}

/**
 * The state list's key as two columns to select beside a query the caller makes anyway, so that
 * checking a cached list costs no round trip of its own: read them with `listKeyOf`. The default
 * language is read from localization's table (orders requires localization, so it may read it):
 * its API would be a query of its own.
 */
export function stateListKeyColumns (db: Knex): Knex.Raw[] {
  return [
    db.raw('(select version from orders.state_list_version) as state_list_version'),
    db.raw('(select code from localization.languages where is_default) as state_list_language')
  ]
}

/** The key of a row selected with `stateListKeyColumns`. */
export function listKeyOf (row: Record<string, unknown>): StateListKey {
  if (row.state_list_language === null) throw new Error('localization has no default language')
  return { version: Number(row.state_list_version), defaultLanguage: String(row.state_list_language) }
}

/** Order states, their names and the transition table, in the orders schema. */
export class StateRepository {
  constructor (private readonly db: Knex) {}

  async list (db: Knex = this.db): Promise<OrderState[]> {
    const rows: StateRow[] = await db('orders.states').orderBy('id').select('*')
    return await this.withNamesAndNext(db, rows)
  }

  async find (id: number, db: Knex = this.db): Promise<OrderState | undefined> {
    const rows: StateRow[] = await db('orders.states').where({ id }).select('*')
    return (await this.withNamesAndNext(db, rows))[0]
  }

  async listKey (db: Knex = this.db): Promise<StateListKey> {
    return listKeyOf(await db.first(stateListKeyColumns(db)))
  }

  /** Which of these ids are not states. */
  async missing (ids: number[], db: Knex = this.db): Promise<number[]> {
    const found = new Set<number>(await db('orders.states').whereIn('id', ids).pluck('id'))
    return ids.filter(id => !found.has(id))
  }

  /** A new state; `key` only for the default states seeded at install. */
  async insert (input: StateCreate, trx: Knex.Transaction, key: string | null = null): Promise<number> {
    const [{ id }] = await trx('orders.states').insert({ ...columnsOf(input), color: input.color, key }).returning('id')
    return id
  }

  async update (id: number, patch: StateUpdate, trx: Knex.Transaction): Promise<void> {
    const columns = columnsOf(patch)
    if (Object.keys(columns).length > 0) await trx('orders.states').where({ id }).update(columns)
  }

  async lock (id: number, trx: Knex.Transaction): Promise<StateRow | undefined> {
    return await trx('orders.states').where({ id }).forUpdate().first('*')
  }

  async delete (id: number, trx: Knex.Transaction): Promise<void> {
    await trx('orders.states').where({ id }).delete()
  }

  /** Orders in the state, and history entries naming it. */
  async uses (id: number, db: Knex = this.db): Promise<number> {
    const [{ orders }] = await db('orders.orders').where({ state_id: id }).count({ orders: '*' })
    const [{ history }] = await db('orders.order_history').where({ to_state_id: id }).orWhere({ from_state_id: id }).count({ history: '*' })
    return Number(orders) + Number(history)
  }

  async mergeNames (id: number, names: Record<string, string>, trx: Knex.Transaction): Promise<void> {
    const rows = Object.entries(names).map(([language, name]) => ({ state_id: id, language, name }))
    await trx('orders.state_translations').insert(rows).onConflict(['state_id', 'language']).merge()
  }

  async replaceNext (id: number, next: number[], trx: Knex.Transaction): Promise<void> {
    await trx('orders.state_transitions').where({ from_state_id: id }).delete()
    if (next.length > 0) await trx('orders.state_transitions').insert(next.map(to => ({ from_state_id: id, to_state_id: to })))
  }

  async replacePrevious (id: number, previous: number[], trx: Knex.Transaction): Promise<void> {
    await trx('orders.state_transitions').where({ to_state_id: id }).delete()
    if (previous.length > 0) await trx('orders.state_transitions').insert(previous.map(from => ({ from_state_id: from, to_state_id: id })))
  }

  private async withNamesAndNext (db: Knex, rows: StateRow[]): Promise<OrderState[]> {
    const ids = rows.map(row => row.id)
    const names = await db('orders.state_translations').whereIn('state_id', ids).orderBy('language').select('*')
    const transitions = await db('orders.state_transitions').whereIn('from_state_id', ids).orderBy('to_state_id').select('*')
    return rows.map(row => ({
      id: row.id,
      key: row.key,
      color: row.color,
      paid: row.paid,
      shipped: row.shipped,
      delivered: row.delivered,
      invoice: row.invoice,
      sendEmail: row.send_email,
      logable: row.logable,
      requiredPermission: row.required_permission,
      builtIn: row.key !== null,
      names: Object.fromEntries(names.filter(name => name.state_id === row.id).map(name => [name.language, name.name])),
      next: transitions.filter(transition => transition.from_state_id === row.id).map(transition => transition.to_state_id)
    }))
  }
}
