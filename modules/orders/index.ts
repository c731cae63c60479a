import { fileURLToPath } from 'node:url'
import { defineModule } from 'backroom'
import Type from 'typebox'
import { ordersService } from './api.ts'
import { ordersRoutes } from './routes/index.ts'
import { customerHistory, customerOrderData } from './services/customer-history.ts'
import { seedDefaultStates } from './services/default-states.ts'
import { ORDER_EVENTS } from './services/events.ts'
import { ORDER_EMAIL_HANDLERS } from './services/order-emails.ts'
import { StateRepository } from './services/state-repository.ts'

export default defineModule({
  name: 'orders',
  requires: { core: '^0.1.0', modules: { catalog: '^1.0.0', customers: '^1.0.0', localization: '^1.0.0' } },
  permissions: {
    read: { description: 'See orders, their history, states, returns and credit slips', profiles: ['Salesman', 'Logistician'] },
    write: { description: 'Place orders for customers, edit order states; record payments and cancellations', profiles: ['Salesman'] },
    state: { description: 'Move orders along the transition table (processing, shipped, delivered) and set tracking numbers', profiles: ['Salesman', 'Logistician'] },
    refund: { description: 'Write credit slips (refunds through the payment module) and move orders to Refunded' },
    invoice: { description: 'Create invoices and download invoices and delivery slips', profiles: ['Salesman'] },
    export: { description: 'Export orders as CSV', profiles: ['Salesman'] },
    'returns.manage': { description: 'Open merchandise returns for customers and move them through their states', profiles: ['Salesman'] }
  },
  settings: Type.Object({
    returnWindowDays: Type.Integer({ minimum: 0, maximum: 3650, default: 14, description: 'Days after delivery during which a return may be requested' }),
    exportBatchSize: Type.Integer({ minimum: 1, maximum: 10000, default: 500, description: 'Orders read per query by the CSV export' }),
    listCountLimit: Type.Integer({ minimum: 1, maximum: 10_000_000, default: 10_000, description: 'The order list counts its matches up to this many; past it, the total is this number and totalExact is false' })
  }),
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  routes: ordersRoutes,
  events: { emits: ORDER_EVENTS, subscribes: ORDER_EMAIL_HANDLERS },
  provides: {
    shipping: { description: 'Offer shipping options (rates from weight, dimensions and destination): ShippingProvider in api.ts' },
    payment: { description: 'Offer payment methods, start payments when orders are placed and refund credit slips: PaymentProvider in api.ts' },
    service: { description: 'Settle pending payments (confirm or fail them) from a payment module: OrdersService in api.ts' }
  },
  extends: {
    'orders.service': ordersService,
    'customers.history': customerHistory,
    'customers.data': customerOrderData
  },
  lifecycle: {
    async install (context, trx) {
      await seedDefaultStates(new StateRepository(context.db), trx)
    }
  }
})
