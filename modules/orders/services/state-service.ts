import type { Knex } from 'knex'
import type { LocalizationApi } from '@backroom/localization/api.ts'
import { withDetails } from 'backroom'
import { ordersErrors } from '../errors.ts'
import type { OrderState, StateCreate, StateUpdate } from '../schemas.ts'
import { StateList, stateNotFound, type StateRef } from './state-list.ts'
import { listKeyOf, stateListKeyColumns, type StateListKey, type StateRepository } from './state-repository.ts'

/**
 * The admin-editable list of order states: names per language, flags and transitions. Orders read
 * it on every view and move, so the service keeps a copy of the list, checked against the list's
 * key on each use: the key is one row, read beside a query the caller makes anyway when it can.
 * An edit commits a new version, so the next use in any process sharing the database reloads.
 */
export class StateService {
  /** The last list loaded, with its version. */
  #cached: { version: number, list: StateList } | undefined

  constructor (private readonly db: Knex, private readonly states: StateRepository, private readonly localization: () => LocalizationApi) {}

  /** The state list now, its key read on its own. */
  async current (db: Knex = this.db): Promise<StateList> {
    return await this.at(await this.states.listKey(db), db)
  }

  /**
   * Runs the caller's query for one row with the state list's key selected beside it: the row,
   * and the state list at that key; undefined when there is no row.
   */
  async beside (query: Knex.QueryBuilder, db: Knex = this.db): Promise<{ row: Record<string, any>, states: StateList } | undefined> {
    const row = await query.first(stateListKeyColumns(db))
    return row === undefined ? undefined : { row, states: await this.listOf(row, db) }
  }

  /** The state list at the key a row was read with, its columns those of `stateListKeyColumns`. */
  async listOf (row: Record<string, unknown>, db: Knex = this.db): Promise<StateList> {
    return await this.at(listKeyOf(row), db)
  }

  async list (db: Knex = this.db): Promise<OrderState[]> {
    return [...(await this.current(db)).states]
  }

  async get (id: number, db: Knex = this.db): Promise<OrderState> {
    return (await this.current(db)).get(id)
  }

  /** Looks up states by id as lists show them: id, key and name in the default language. */
  async refs (db: Knex = this.db): Promise<(id: number) => StateRef> {
    return (await this.current(db)).ref
  }

  async defaultLanguage (db: Knex = this.db): Promise<string> {
    return (await this.localization().getDefaultLanguage(db)).code
  }

  /**
   * The list at a key: the copy, loaded again when the version differs and named again when the
   * default language does, so that a use builds nothing while nothing changed. Loaded after the
   * key was read, it is as new as the key or newer: a newer one is replaced at the next use.
   */
  private async at (key: StateListKey, db: Knex): Promise<StateList> {
    let cached = this.#cached
    if (cached?.version !== key.version) {
      cached = { version: key.version, list: new StateList(Object.freeze((await this.states.list(db)).map(freezeState)), key.defaultLanguage) }
      this.#cached = cached
    } else if (cached.list.defaultLanguage !== key.defaultLanguage) {
      cached = { version: key.version, list: new StateList(cached.list.states, key.defaultLanguage) }
      this.#cached = cached
    }
    return cached.list
  }

  async create (input: StateCreate): Promise<OrderState> {
    return await this.db.transaction(async trx => {
      await this.checkNames(input.names, trx, true)
      await this.checkStates([...input.next ?? [], ...input.previous ?? []], trx)
      const id = await this.states.insert(input, trx)
      await this.write(id, input, trx)
      return await this.written(id, trx)
    })
  }

  async update (id: number, patch: StateUpdate): Promise<OrderState> {
    return await this.db.transaction(async trx => {
      if (await this.states.lock(id, trx) === undefined) stateNotFound(id)
      if (patch.names !== undefined) await this.checkNames(patch.names, trx, false)
      await this.checkStates([...patch.next ?? [], ...patch.previous ?? []], trx)
      await this.states.update(id, patch, trx)
      await this.write(id, patch, trx)
      return await this.written(id, trx)
    })
  }

  async delete (id: number): Promise<void> {
    await this.db.transaction(async trx => {
      const state = await this.states.lock(id, trx) ?? stateNotFound(id)
      if (state.key !== null) throw new ordersErrors.BR_ORDERS_DEFAULT_STATE_PROTECTED(id)
      const uses = await this.states.uses(id, trx)
      if (uses > 0) throw new ordersErrors.BR_ORDERS_STATE_IN_USE(id, uses)
      await this.states.delete(id, trx)
    })
  }

  /** A state as the transaction writing it sees it, read past the copy, which is for committed lists. */
  private async written (id: number, trx: Knex.Transaction): Promise<OrderState> {
    return await this.states.find(id, trx) ?? stateNotFound(id)
  }

  private async write (id: number, fields: StateUpdate, trx: Knex.Transaction): Promise<void> {
    if (fields.names !== undefined) await this.states.mergeNames(id, fields.names, trx)
    if (fields.next !== undefined) await this.states.replaceNext(id, fields.next, trx)
    if (fields.previous !== undefined) await this.states.replacePrevious(id, fields.previous, trx)
  }

  private async checkNames (names: Record<string, string>, trx: Knex.Transaction, creating: boolean): Promise<void> {
    const localization = this.localization()
    for (const language of Object.keys(names)) {
      if (await localization.getLanguage(language, trx) === undefined) throw withDetails(new ordersErrors.BR_ORDERS_UNKNOWN_LANGUAGE(language), { field: 'names', value: language })
    }
    const defaultLanguage = await this.defaultLanguage(trx)
    if (creating && names[defaultLanguage] === undefined) throw new ordersErrors.BR_ORDERS_DEFAULT_NAME_REQUIRED(defaultLanguage)
  }

  private async checkStates (ids: number[], trx: Knex.Transaction): Promise<void> {
    const [missing] = await this.states.missing(ids, trx)
    if (missing !== undefined) throw new ordersErrors.BR_ORDERS_UNKNOWN_STATE(missing)
  }
}

function freezeState (state: OrderState): OrderState {
  Object.freeze(state.names)
  Object.freeze(state.next)
  return Object.freeze(state)
}
