import { ordersErrors } from '../errors.ts'
import type { OrderState, OrderSummary } from '../schemas.ts'

export type StateRef = OrderSummary['state']

/** The order states as one version of the list holds them, named in the default language of the moment. */
export class StateList {
  readonly #byId: Map<number, OrderState>
  readonly #byKey: Map<string, OrderState>

  /** `states` in id order, shared with other lists of the same version: never changed. */
  constructor (readonly states: readonly OrderState[], readonly defaultLanguage: string) {
    this.#byId = new Map(states.map(state => [state.id, state]))
    this.#byKey = new Map(states.flatMap(state => state.key === null ? [] : [[state.key, state]]))
  }

  get (id: number): OrderState {
    return this.#byId.get(id) ?? stateNotFound(id)
  }

  /** A state named in a request body: 400 rather than 404 when it does not exist. */
  target (id: number): OrderState {
    const state = this.#byId.get(id)
    if (state === undefined) throw new ordersErrors.BR_ORDERS_UNKNOWN_STATE(id)
    return state
  }

  byKey (key: string): OrderState {
    const state = this.#byKey.get(key)
    if (state === undefined) throw new Error(`the default order state ${key} is missing`)
    return state
  }

  /** A state as lists show it: id, key and name in the default language. */
  readonly ref = (id: number): StateRef => {
    const state = this.#byId.get(id)
    return state === undefined ? { id, key: null, name: String(id) } : { id, key: state.key, name: stateName(state, this.defaultLanguage, this.defaultLanguage) }
  }
}

/** The name of a state in a language, else in the default one. */
export function stateName (state: OrderState, language: string, defaultLanguage: string): string {
  return state.names[language] ?? state.names[defaultLanguage] ?? Object.values(state.names)[0] ?? String(state.id)
}

export function stateNotFound (id: number): never {
  throw new ordersErrors.BR_ORDERS_STATE_NOT_FOUND(id)
}
