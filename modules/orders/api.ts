// What other modules use of orders: the extension points it offers (implement orders.shipping
// and orders.payment; call orders.service), and the types they exchange.
import { defineExtension } from 'backroom'
import { createOrdersServices } from './services/orders-services.ts'
import type { OrdersService } from './services/payment-results.ts'

export type { AwaitingStateKey } from './services/default-states.ts'
export type { PaymentMethod, PaymentOrder, PaymentProvider, PaymentQuestion, PaymentStart, RefundResult } from './services/payment-extension.ts'
export type { OrdersService, PaymentConfirmation } from './services/payment-results.ts'
export type { ShippingDestination, ShippingItem, ShippingOption, ShippingParcel, ShippingProvider } from './services/shipping-extension.ts'
export type { Order } from './schemas.ts'

/** The `orders.service` extension point's implementation, built with the orders module's own context. */
export const ordersService = defineExtension<OrdersService>(orders => createOrdersServices(orders).paymentResults)
