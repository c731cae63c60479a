import type { Knex } from 'knex'
import type { Customer, CustomerExport } from '../schemas.ts'
import type { AddressService } from './address-service.ts'
import type { ConsentService } from './consents.ts'
import type { CustomerService } from './customer-service.ts'
import { collectModuleData, type DataSources } from './data-extension.ts'
import type { EmitEvent } from './events.ts'
import type { GroupService } from './group-service.ts'
import { emailKey, type LoginThrottle } from './login-throttle.ts'

/** The customer's rights under the GDPR: a copy of all their data, and erasure. */
export class GdprService {
  constructor (
    private readonly db: Knex,
    private readonly customers: CustomerService,
    private readonly addresses: AddressService,
    private readonly groups: GroupService,
    private readonly consents: ConsentService,
    private readonly dataSources: DataSources,
    private readonly throttle: LoginThrottle,
    private readonly emit: EmitEvent
  ) {}

  /** Everything held about a customer: the account, addresses, groups, consents, and what other modules contribute. */
  async export (id: number): Promise<CustomerExport> {
    const customer = await this.customers.get(id)
    return {
      exportedAt: new Date(),
      customer,
      addresses: await this.addresses.list(id),
      groups: await this.groups.groupsOf(id),
      consents: await this.consents.history(id),
      modules: await collectModuleData(this.dataSources, id)
    }
  }

  /**
   * Erases the personal data of the account, its addresses and its consents' IP addresses, and
   * deactivates it, in one transaction and for good. Orders stay with the orders module.
   */
  async anonymize (id: number): Promise<Customer> {
    return await this.db.transaction(async trx => {
      const before = await this.customers.lockChangeable(trx, id)
      await this.customers.erase(trx, id)
      await this.addresses.erase(trx, id)
      await this.consents.eraseIps(trx, id)
      // The login counter's key holds the old email.
      await this.throttle.clear(emailKey(before.email), trx)
      if (before.active) await this.emit(trx, 'customers.customer.deactivated', { id })
      await this.emit(trx, 'customers.customer.anonymized', { id })
      return await this.customers.get(id, trx)
    })
  }
}
