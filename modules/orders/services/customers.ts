import type { CustomerAccounts } from '@backroom/customers/api.ts'
import type { ModuleContext } from 'backroom'

export type { CustomerAccount, CustomerAccounts, CustomerAddress } from '@backroom/customers/api.ts'

/** The accounts of the customers module, which orders requires (so it is enabled while orders is). */
export function customerAccounts (module: ModuleContext): CustomerAccounts {
  const [provider] = module.extensions<CustomerAccounts>('customers.accounts')
  if (provider === undefined) throw new Error('the customers module, which orders requires, offers no customers.accounts')
  return provider.implementation
}
