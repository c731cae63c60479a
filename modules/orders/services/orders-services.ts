import type { Knex } from 'knex'
import type { CatalogStock } from '@backroom/catalog/services/stock-extension.ts'
import type { ModuleContext } from 'backroom'
import { CartService } from './cart-service.ts'
import { CheckoutService } from './checkout-service.ts'
import { CreditSlipService } from './credit-slip-service.ts'
import { customerAccounts, type CustomerAccounts } from './customers.ts'
import { InvoiceService } from './invoice-service.ts'
import { localizationOf } from './localization.ts'
import { ManualOrders } from './manual-orders.ts'
import { moneyFormat } from './money-format.ts'
import { OrderPricing } from './order-drafts.ts'
import { OrderRepository } from './order-repository.ts'
import { OrderSearch } from './order-search.ts'
import { OrderService } from './order-service.ts'
import { OrderStock } from './order-stock.ts'
import type { PaymentProvider } from './payment-extension.ts'
import { PaymentResults } from './payment-results.ts'
import { ReturnService } from './return-service.ts'
import type { ShippingProvider } from './shipping-extension.ts'
import { StateRepository } from './state-repository.ts'
import { StateService } from './state-service.ts'

export interface OrdersSettings {
  returnWindowDays: number
  exportBatchSize: number
  listCountLimit: number
}

export interface OrdersServices {
  db: ModuleContext['db']
  settings: () => Promise<OrdersSettings>
  states: StateService
  orders: OrderService
  orderRecords: OrderRepository
  search: OrderSearch
  manualOrders: ManualOrders
  invoices: InvoiceService
  accounts: () => CustomerAccounts
  carts: CartService
  checkout: CheckoutService
  paymentResults: PaymentResults
  returns: ReturnService
  creditSlips: CreditSlipService
  /** Formats minor units of a currency for documents and emails. */
  moneyFormat: (currency: string, db?: Knex) => Promise<(amount: number) => string>
}

/** The orders services, bound to a module context: its database, settings, events and extension points. */
export function createOrdersServices (module: ModuleContext): OrdersServices {
  const db = module.db
  const emit = module.emit.bind(module)
  const localization = (): ReturnType<typeof localizationOf> => localizationOf(module)
  const accounts = (): CustomerAccounts => customerAccounts(module)
  const shipping = (): Array<{ module: string, implementation: ShippingProvider }> => module.extensions<ShippingProvider>('orders.shipping')
  const payment = (): Array<{ module: string, implementation: PaymentProvider }> => module.extensions<PaymentProvider>('orders.payment')
  const stock = new OrderStock(() => {
    const [provider] = module.extensions<CatalogStock>('catalog.stock')
    if (provider === undefined) throw new Error('the catalog module, which orders requires, offers no catalog.stock')
    return provider.implementation
  })
  const states = new StateService(db, new StateRepository(db), localization)
  const orderRecords = new OrderRepository(db)
  const invoices = new InvoiceService(db)
  const orders = new OrderService(db, orderRecords, states, stock, invoices, emit)
  const pricing = new OrderPricing(localization)
  const manualOrders = new ManualOrders(db, accounts, pricing, shipping, states, orders)
  const carts = new CartService(db, accounts, pricing, shipping, payment, async trx => await states.defaultLanguage(trx))
  const checkout = new CheckoutService(db, carts, accounts, shipping, payment, orders, orderRecords)
  const paymentResults = new PaymentResults(db, orders, orderRecords)
  const settings = async (): Promise<OrdersSettings> => await module.settings<OrdersSettings>()
  const returns = new ReturnService(db, orderRecords, states, stock, async () => (await settings()).returnWindowDays)
  const creditSlips = new CreditSlipService(db, orderRecords, orders, payment, emit)
  return {
    db,
    settings,
    states,
    orders,
    orderRecords,
    search: new OrderSearch(db, async () => (await settings()).listCountLimit, states),
    manualOrders,
    invoices,
    accounts,
    carts,
    checkout,
    paymentResults,
    returns,
    creditSlips,
    moneyFormat: async (currency, trx) => await moneyFormat(localization(), currency, trx)
  }
}
