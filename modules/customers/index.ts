import { fileURLToPath } from 'node:url'
import { defineModule } from 'backroom'
import { customersRoutes } from './routes/index.ts'
import { Settings } from './schemas.ts'
import { customerAccounts } from './services/accounts-extension.ts'
import { CUSTOMERS_EVENTS } from './services/events.ts'
import { customersUsage } from './services/localization-usage.ts'

export default defineModule({
  name: 'customers',
  requires: { core: '^0.1.0', modules: { localization: '^1.0.0' } },
  permissions: {
    read: { description: 'See customers, their addresses, groups and order history; see customer groups', profiles: ['Salesman', 'Logistician'] },
    write: { description: 'Create and edit customers and their addresses, assign groups, record consents, deactivate and reactivate; manage customer groups', profiles: ['Salesman'] },
    export: { description: 'Export all the data held about a customer (GDPR right of access)' },
    anonymize: { description: 'Erase a customer\'s personal data, irreversibly (GDPR right to erasure)' }
  },
  settings: Settings,
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  routes: customersRoutes,
  events: { emits: CUSTOMERS_EVENTS },
  provides: {
    accounts: { description: 'The shop customer behind a request, accounts and addresses, for other modules (orders): CustomerAccounts in api.ts' },
    history: { description: 'Implement it to give each customer an order count, a total spent and a paged order history (the orders module): CustomerHistory in api.ts' },
    data: { description: 'Implement it to add what your module holds about a customer to their GDPR export: CustomerDataSource in api.ts' }
  },
  extends: {
    'customers.accounts': customerAccounts,
    'localization.usage': customersUsage
  }
})
