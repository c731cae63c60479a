import type { Knex } from 'knex'
import type { LocalizationApi } from '@backroom/localization/api.ts'
import { withDetails } from 'backroom'
import { ordersErrors } from '../errors.ts'
import type { OrderState, OrderSummary, StateCreate, StateUpdate } from '../schemas.ts'

type StateRef = OrderSummary['state']
import type { StateRepository } from './state-repository.ts'

/** The admin-editable list of order states: names per language, flags and transitions. */
export class StateService {
  constructor (private readonly db: Knex, private readonly states: StateRepository, private readonly localization: () => LocalizationApi) {}

  async list (): Promise<OrderState[]> {
    return await this.states.list()
  }

  async get (id: number, db: Knex = this.db): Promise<OrderState> {
    return await this.states.find(id, db) ?? notFound(id)
  }

  /** A state named in a request body: 400 rather than 404 when it does not exist. */
  async target (id: number, db: Knex = this.db): Promise<OrderState> {
    const state = await this.states.find(id, db)
    if (state === undefined) throw new ordersErrors.BR_ORDERS_UNKNOWN_STATE(id)
    return state
  }

  async byKey (key: string, db: Knex = this.db): Promise<OrderState> {
    const state = await this.states.findByKey(key, db)
    if (state === undefined) throw new Error(`the default order state ${key} is missing`)
    return state
  }

  /** Looks up states by id as lists show them: id, key and name in the default language. */
  async refs (db: Knex = this.db): Promise<(id: number) => StateRef> {
    const defaultLanguage = await this.defaultLanguage(db)
    const refs = new Map((await this.states.list(db)).map(state => [state.id, { id: state.id, key: state.key, name: stateName(state, defaultLanguage, defaultLanguage) }]))
    return id => refs.get(id) ?? { id, key: null, name: String(id) }
  }

  async defaultLanguage (db: Knex = this.db): Promise<string> {
    return (await this.localization().getDefaultLanguage(db)).code
  }

  async create (input: StateCreate): Promise<OrderState> {
    return await this.db.transaction(async trx => {
      await this.checkNames(input.names, trx, true)
      await this.checkStates([...input.next ?? [], ...input.previous ?? []], trx)
      const id = await this.states.insert(input, trx)
      await this.write(id, input, trx)
      return await this.get(id, trx)
    })
  }

  async update (id: number, patch: StateUpdate): Promise<OrderState> {
    return await this.db.transaction(async trx => {
      if (await this.states.lock(id, trx) === undefined) notFound(id)
      if (patch.names !== undefined) await this.checkNames(patch.names, trx, false)
      await this.checkStates([...patch.next ?? [], ...patch.previous ?? []], trx)
      await this.states.update(id, patch, trx)
      await this.write(id, patch, trx)
      return await this.get(id, trx)
    })
  }

  async delete (id: number): Promise<void> {
    await this.db.transaction(async trx => {
      const state = await this.states.lock(id, trx) ?? notFound(id)
      if (state.key !== null) throw new ordersErrors.BR_ORDERS_DEFAULT_STATE_PROTECTED(id)
      const uses = await this.states.uses(id, trx)
      if (uses > 0) throw new ordersErrors.BR_ORDERS_STATE_IN_USE(id, uses)
      await this.states.delete(id, trx)
    })
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

/** The name of a state in a language, else in the default one. */
export function stateName (state: OrderState, language: string, defaultLanguage: string): string {
  return state.names[language] ?? state.names[defaultLanguage] ?? Object.values(state.names)[0] ?? String(state.id)
}

function notFound (id: number): never {
  throw new ordersErrors.BR_ORDERS_STATE_NOT_FOUND(id)
}
