import type { Knex } from 'knex'

export interface CustomerHistorySummary {
  orderCount: number
  /** Per currency, in minor units (cents): never a float. */
  totalSpent: Array<{ currency: string, amount: number }>
}

export interface CustomerOrdersPage { items: unknown[], nextCursor: string | null }

/**
 * The `customers.history` extension point: the module that holds orders (orders requires
 * customers, not the reverse) tells how many a customer placed, what they spent, and pages them.
 */
export interface CustomerHistory {
  summary (customerId: number, trx?: Knex): Promise<CustomerHistorySummary>
  orders (customerId: number, page: { limit: number, cursor?: string }): Promise<CustomerOrdersPage>
}

type HistorySource = () => Array<{ module: string, implementation: CustomerHistory }>

const NO_HISTORY: CustomerHistorySummary = { orderCount: 0, totalSpent: [] }

/**
 * Reads the history from the first enabled module implementing `customers.history`: there is one
 * order book, and pages of several could not be merged behind one cursor. Without one, a customer
 * has no orders.
 */
export class CustomerHistoryReader {
  constructor (private readonly providers: HistorySource) {}

  async summary (customerId: number): Promise<CustomerHistorySummary> {
    return await this.provider()?.summary(customerId) ?? NO_HISTORY
  }

  async orders (customerId: number, page: { limit: number, cursor?: string }): Promise<CustomerOrdersPage> {
    return await this.provider()?.orders(customerId, page) ?? { items: [], nextCursor: null }
  }

  private provider (): CustomerHistory | undefined {
    return this.providers()[0]?.implementation
  }
}
