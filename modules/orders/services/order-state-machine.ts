import { withDetails } from 'backroom'
import { ordersErrors } from '../errors.ts'
import type { OrderState } from '../schemas.ts'

/** What moving an order from one state to another does besides recording it. */
export interface TransitionEffects {
  /** The order becomes paid: its paid amount is its total, orders.paid is emitted. */
  pays: boolean
  /** orders.shipped is emitted. */
  ships: boolean
  /** The delivery date is recorded: the return window starts. */
  delivers: boolean
  /** The invoice is created if the order has none. */
  invoices: boolean
  /** The units of a canceled order go back to stock… */
  releasesStock: boolean
  /** …and are taken again if it leaves the canceled state (a transition staff may add). */
  retakesStock: boolean
}

const CANCELED = 'canceled'

/**
 * The rules of order states, apart from storage: the transition table (each state's `next`),
 * the permission a target state may require, and the effects of a move.
 */
export const orderStateMachine = {
  /** Refuses a transition the table does not list, naming the allowed ones. */
  assertAllowed (from: OrderState, to: OrderState, nameOf: (state: OrderState) => string): void {
    if (!from.next.includes(to.id)) {
      throw withDetails(new ordersErrors.BR_ORDERS_TRANSITION_REFUSED(nameOf(from), nameOf(to)), { allowedStateIds: from.next })
    }
  },

  allows (from: OrderState, to: OrderState): boolean {
    return from.next.includes(to.id)
  },

  /** The permission, besides orders.state, a caller needs to move an order into `to`. */
  requiredPermission (to: OrderState): string | null {
    return to.requiredPermission
  },

  effects (from: OrderState | null, to: OrderState, order: { paid: number, total: number, deliveredAt: Date | null }): TransitionEffects {
    return {
      pays: to.paid && from?.paid !== true && order.paid < order.total,
      ships: to.shipped && from?.shipped !== true,
      delivers: to.delivered && order.deliveredAt === null,
      invoices: to.invoice,
      releasesStock: to.key === CANCELED && from?.key !== CANCELED,
      retakesStock: from?.key === CANCELED && to.key !== CANCELED
    }
  }
}
