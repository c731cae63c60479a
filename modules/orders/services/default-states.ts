import type { Knex } from 'knex'
import type { StateRepository } from './state-repository.ts'

/** The state flags PrestaShop gives every order state. */
interface StateFlags {
  paid: boolean
  shipped: boolean
  delivered: boolean
  invoice: boolean
  sendEmail: boolean
  logable: boolean
}

/** Permissions a state may require, besides orders.state, to move an order into it. */
export const STATE_PERMISSIONS = ['orders.write', 'orders.refund'] as const
export type StatePermission = typeof STATE_PERMISSIONS[number]

const DEFAULT_STATE_KEYS = [
  'awaiting_check_payment', 'payment_accepted', 'processing', 'shipped', 'delivered', 'canceled', 'refunded',
  'payment_error', 'awaiting_bank_wire_payment', 'remote_payment_accepted', 'backorder_paid', 'backorder_unpaid',
  'awaiting_cod_validation', 'awaiting_remote_payment'
] as const
type DefaultStateKey = typeof DEFAULT_STATE_KEYS[number]

/** The states an order waits in until its payment arrives; a payment method names one of them. */
export const AWAITING_STATE_KEYS = ['awaiting_check_payment', 'awaiting_bank_wire_payment', 'awaiting_cod_validation', 'awaiting_remote_payment'] as const
export type AwaitingStateKey = typeof AWAITING_STATE_KEYS[number]

interface DefaultState {
  color: string
  flags: Partial<StateFlags>
  requiredPermission?: StatePermission
  names: { en: string, fr: string }
  next: DefaultStateKey[]
}

const recordsMoney: StatePermission = 'orders.write'
const paidFlags = { paid: true, invoice: true, sendEmail: true, logable: true }
const cancelable: DefaultStateKey[] = ['canceled']
const whenPaid: DefaultStateKey[] = ['payment_accepted', 'remote_payment_accepted', 'payment_error', ...cancelable]

/**
 * PrestaShop's default order states with their flags and names, plus "awaiting remote payment"
 * for online payments started but not yet confirmed by their provider, and the transitions
 * between them: what is not listed is refused (a delivered order never awaits payment again, a
 * canceled one never ships).
 */
export const DEFAULT_STATES: Record<DefaultStateKey, DefaultState> = {
  awaiting_check_payment: { color: '#4169E1', flags: { sendEmail: true }, names: { en: 'Awaiting check payment', fr: 'En attente du paiement par chèque' }, next: whenPaid },
  payment_accepted: { color: '#32CD32', flags: paidFlags, requiredPermission: recordsMoney, names: { en: 'Payment accepted', fr: 'Paiement accepté' }, next: ['processing', 'shipped', 'canceled', 'refunded'] },
  processing: { color: '#FF8C00', flags: paidFlags, names: { en: 'Processing in progress', fr: 'En cours de préparation' }, next: ['shipped', 'canceled', 'refunded'] },
  shipped: { color: '#8A2BE2', flags: { ...paidFlags, shipped: true }, names: { en: 'Shipped', fr: 'Expédié' }, next: ['delivered', 'refunded'] },
  delivered: { color: '#108510', flags: { paid: true, shipped: true, delivered: true, invoice: true, logable: true }, names: { en: 'Delivered', fr: 'Livré' }, next: ['refunded'] },
  canceled: { color: '#DC143C', flags: { sendEmail: true }, requiredPermission: recordsMoney, names: { en: 'Canceled', fr: 'Annulé' }, next: ['refunded'] },
  refunded: { color: '#EC2E15', flags: { paid: true, invoice: true, sendEmail: true }, requiredPermission: 'orders.refund', names: { en: 'Refunded', fr: 'Remboursé' }, next: [] },
  payment_error: { color: '#8F0621', flags: { sendEmail: true }, requiredPermission: recordsMoney, names: { en: 'Payment error', fr: 'Erreur de paiement' }, next: ['payment_accepted', 'remote_payment_accepted', ...cancelable] },
  awaiting_bank_wire_payment: { color: '#4169E1', flags: { sendEmail: true }, names: { en: 'Awaiting bank wire payment', fr: 'En attente de virement bancaire' }, next: whenPaid },
  remote_payment_accepted: { color: '#32CD32', flags: paidFlags, requiredPermission: recordsMoney, names: { en: 'Remote payment accepted', fr: 'Paiement à distance accepté' }, next: ['processing', 'shipped', 'canceled', 'refunded'] },
  backorder_paid: { color: '#FF69B4', flags: paidFlags, requiredPermission: recordsMoney, names: { en: 'On backorder (paid)', fr: 'En attente de réapprovisionnement (payé)' }, next: ['processing', 'shipped', 'canceled', 'refunded'] },
  backorder_unpaid: { color: '#FF69B4', flags: { sendEmail: true }, names: { en: 'On backorder (not paid)', fr: 'En attente de réapprovisionnement (non payé)' }, next: ['backorder_paid', 'payment_error', ...cancelable] },
  awaiting_cod_validation: { color: '#4169E1', flags: { sendEmail: true, logable: true }, names: { en: 'Awaiting cash on delivery validation', fr: 'En attente de validation du paiement à la livraison' }, next: ['processing', 'shipped', 'payment_accepted', ...cancelable] },
  awaiting_remote_payment: { color: '#4169E1', flags: {}, names: { en: 'Awaiting remote payment', fr: 'En attente du paiement à distance' }, next: whenPaid }
}

/** Seeds the default states, their names and transitions; run once, at install. */
export async function seedDefaultStates (states: StateRepository, trx: Knex.Transaction): Promise<void> {
  const ids = new Map<string, number>()
  for (const [key, state] of Object.entries(DEFAULT_STATES)) {
    const id = await states.insert({ ...state.flags, color: state.color, requiredPermission: state.requiredPermission ?? null, names: state.names }, trx, key)
    await states.mergeNames(id, state.names, trx)
    ids.set(key, id)
  }
  for (const [key, state] of Object.entries(DEFAULT_STATES)) await states.replaceNext(ids.get(key)!, state.next.map(next => ids.get(next)!), trx)
}
