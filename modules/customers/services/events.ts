import type { ModuleContext } from 'backroom'

/** Writes a customers event in the caller's transaction: the module context's emit. */
export type EmitEvent = ModuleContext['emit']

// Payloads carry ids and field names, never personal data: the outbox keeps events after an
// anonymization has erased the account.
export const CUSTOMERS_EVENTS = {
  'customers.customer.registered': { description: 'A customer account was created, in the shop or by staff (payload: id, source shop|staff)' },
  'customers.customer.updated': { description: 'A customer\'s profile, email, password, groups, consents or active flag changed (payload: id, fields: the names of the fields changed)' },
  'customers.customer.deactivated': { description: 'A customer account was deactivated: it can no longer log in and its tokens stop working (payload: id)' },
  'customers.customer.anonymized': { description: 'A customer\'s personal data was erased, irreversibly; orders are kept by their module (payload: id)' }
}
