import type { LocalizationApi } from '@backroom/localization/api.ts'
import type { ModuleContext } from 'backroom'
import type { CustomersSettings } from '../schemas.ts'
import { AddressService } from './address-service.ts'
import { ConsentService } from './consents.ts'
import { CustomerSearch } from './customer-search.ts'
import { CustomerService } from './customer-service.ts'
import type { CustomerDataSource } from './data-extension.ts'
import { GdprService } from './gdpr-service.ts'
import { GroupService } from './group-service.ts'
import { CustomerHistoryReader, type CustomerHistory } from './history-extension.ts'
import { LocalizationChecks } from './localization-checks.ts'
import { LoginThrottle } from './login-throttle.ts'
import { ShopSessions } from './shop-sessions.ts'

export interface CustomerServices {
  customers: CustomerService
  search: CustomerSearch
  addresses: AddressService
  groups: GroupService
  sessions: ShopSessions
  gdpr: GdprService
  history: CustomerHistoryReader
}

/** The customers module's services, bound to its module context (database, settings, tokens, events, extensions). */
export function createCustomerServices (module: ModuleContext): CustomerServices {
  const db = module.db
  const emit = module.emit.bind(module)
  const settings = async (): Promise<CustomersSettings> => await module.settings<CustomersSettings>()
  const localization = new LocalizationChecks(() => {
    const [provider] = module.extensions<LocalizationApi>('localization.service')
    if (provider === undefined) throw new Error('the localization module, which customers require, offers no localization.service')
    return provider.implementation
  })
  const groups = new GroupService(db)
  const consents = new ConsentService(db)
  const throttle = new LoginThrottle(db)
  const customers = new CustomerService(db, localization, groups, consents, emit)
  const addresses = new AddressService(db, localization, customers)
  return {
    customers,
    search: new CustomerSearch(db, groups),
    addresses,
    groups,
    sessions: new ShopSessions(module.tokens, settings, customers, throttle),
    gdpr: new GdprService(db, customers, addresses, groups, consents, () => module.extensions<CustomerDataSource>('customers.data'), throttle, emit),
    history: new CustomerHistoryReader(() => module.extensions<CustomerHistory>('customers.history'))
  }
}
