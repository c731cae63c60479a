import type { Knex } from 'knex'
import { ordersErrors } from '../errors.ts'
import type { AwaitingStateKey } from './default-states.ts'
import type { OrderRecord } from './order-repository.ts'

/** What a payment provider sees of an order. */
export interface PaymentOrder {
  id: number
  reference: string
  customerId: number
  customerEmail: string
  language: string
  /** Minor units of `currency`, everything included. */
  total: number
  currency: string
  /** The method the customer chose (one of the provider's). */
  methodId: string
  /** The provider's reference of the payment, as `start` returned it; null before. */
  paymentReference: string | null
}

/** A way to pay, as a provider offers it for one order. */
export interface PaymentMethod {
  /** Unique among the provider's methods. */
  id: string
  /** Shown to the customer and kept on the order ("PayPal", "Bank wire"). */
  name: string
  /**
   * The state an order waits in while its payment is pending: awaiting check payment, bank wire,
   * cash on delivery validation, or remote payment (the default: an online payment the provider
   * confirms later).
   */
  awaitingState?: AwaitingStateKey
}

/** What a checkout may pay: the order's amount, currency and customer, before the order exists. */
export interface PaymentQuestion {
  total: number
  currency: string
  customerId: number
  countryCode: string
}

export interface PaymentStart {
  /** paid: the money is taken (the order enters "Remote payment accepted"); pending: it comes later. */
  status: 'paid' | 'pending'
  /** The provider's reference of the payment (a PayPal order id), kept on the order and handed back on refunds. */
  reference: string
  /** Where to send the customer to approve the payment (PayPal's approve link). */
  redirectUrl?: string
}

export interface RefundResult {
  /** The provider's reference of the refund, kept on the credit slip. */
  reference: string
}

/**
 * The `orders.payment` extension point, which a payment module (PayPal, bank wire) implements.
 *
 * - `methods` lists what the provider offers for an order about to be placed.
 * - `start` runs inside the transaction that places the order, once the order and its stock
 *   movements are written: a throw rolls the whole order back. Make it idempotent on
 *   `order.reference` (PayPal-Request-Id), since a failure after it rolls the order back.
 * - A pending payment is settled later by a call back into orders, through the `orders.service`
 *   extension point (OrdersService in api.ts): `confirmPayment` or `failPayment`.
 * - `refund` is called inside the transaction writing a credit slip, with the amount in minor
 *   units and the credit slip number as the idempotency reference; a throw writes nothing.
 */
export interface PaymentProvider {
  methods (question: PaymentQuestion, trx?: Knex): Promise<PaymentMethod[]>
  start (order: PaymentOrder, trx: Knex.Transaction): Promise<PaymentStart>
  refund (order: PaymentOrder, amount: number, reference: string, trx: Knex.Transaction): Promise<RefundResult>
}

export function paymentOrderOf (order: OrderRecord): PaymentOrder {
  return {
    id: order.id,
    reference: order.reference,
    customerId: order.customerId,
    customerEmail: order.customerEmail,
    language: order.language,
    total: order.totals.total,
    currency: order.currency,
    methodId: order.paymentMethodId ?? '',
    paymentReference: order.paymentReference
  }
}

const isBackroomError = (error: unknown): boolean => typeof (error as { code?: unknown }).code === 'string' && (error as { code: string }).code.startsWith('BR_')

/** Calls a payment provider: its own BR_* errors pass as they are; anything else is the provider failing. */
export async function callProvider<T> (call: () => Promise<T>, failure: (message: string) => Error): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (isBackroomError(error)) throw error
    throw failure(error instanceof Error ? error.message : String(error))
  }
}

export interface ModulePaymentMethod extends PaymentMethod { module: string }

type Extensions = Array<{ module: string, implementation: PaymentProvider }>

async function offered (providers: Extensions, question: PaymentQuestion, trx?: Knex): Promise<ModulePaymentMethod[]> {
  const methods = await Promise.all(providers.map(async ({ module, implementation }) => (await implementation.methods(question, trx)).map(method => ({ ...method, module }))))
  return methods.flat()
}

/** Every method the enabled providers offer; refused when none is enabled. */
export async function paymentMethods (providers: Extensions, question: PaymentQuestion, trx?: Knex): Promise<ModulePaymentMethod[]> {
  if (providers.length === 0) throw new ordersErrors.BR_ORDERS_NO_PAYMENT_MODULE()
  return await offered(providers, question, trx)
}

/** The method a cart chose, with its provider, if it is still offered. */
export async function paymentMethod (providers: Extensions, question: PaymentQuestion, choice: { module: string, methodId: string }, trx?: Knex): Promise<{ method: ModulePaymentMethod, provider: PaymentProvider }> {
  if (providers.length === 0) throw new ordersErrors.BR_ORDERS_NO_PAYMENT_MODULE()
  const provider = providers.find(candidate => candidate.module === choice.module)
  const method = provider === undefined ? undefined : (await offered([provider], question, trx)).find(candidate => candidate.id === choice.methodId)
  if (provider === undefined || method === undefined) throw new ordersErrors.BR_ORDERS_UNKNOWN_PAYMENT_METHOD(choice.methodId, choice.module)
  return { method, provider: provider.implementation }
}
