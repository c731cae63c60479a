import type { ModuleContext } from 'backroom'

/** Writes an orders event in the caller's transaction: the module context's emit. */
export type EmitEvent = ModuleContext['emit']

export const ORDER_EVENTS = {
  'orders.placed': { description: 'An order was placed, in the shop or by staff (payload: id, reference, customerId, total, currency)' },
  'orders.state_changed': { description: 'An order moved to another state (payload: id, reference, customerId, fromStateId, toStateId)' },
  'orders.paid': { description: 'An order became paid (payload: id, reference, customerId, amount, currency)' },
  'orders.shipped': { description: 'An order was shipped (payload: id, reference, customerId, carrier, trackingNumber)' },
  'orders.refunded': { description: 'A credit slip refunded (part of) an order (payload: id, reference, customerId, creditSlipId, amount, currency, fully)' }
}

export interface OrderEventPayload {
  id: number
  reference: string
  customerId: number
}
