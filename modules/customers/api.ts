// What other modules use of customers: import these types, and find the implementations with
// module.extensions<T>('customers.accounts'), or implement 'customers.history' and 'customers.data'.
export type { CustomerAccount, CustomerAccounts, CustomerAddress } from './services/accounts-extension.ts'
export type { CustomerDataSource } from './services/data-extension.ts'
export type { CustomerHistory, CustomerHistorySummary, CustomerOrdersPage } from './services/history-extension.ts'
