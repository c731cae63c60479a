import type { Knex } from 'knex'
import type { ConsentChange } from '../schemas.ts'

export const CONSENT_KINDS = ['newsletter', 'partner'] as const
type ConsentKind = typeof CONSENT_KINDS[number]
export const CONSENT_SOURCES = ['shop', 'staff'] as const

/** Where a change comes from: the customer in the shop, or an employee (on the customer's word). */
export interface ChangeOrigin {
  source: typeof CONSENT_SOURCES[number]
  /** The request's IP address: the proof of where a consent was given. */
  ip: string
  employeeId: number | null
}

type ConsentChoices = Partial<Record<ConsentKind, boolean>>

const CHANGES = 'customers.consent_changes'

/**
 * Newsletter and partner opt-ins. The customer row holds the current consent with its time and
 * IP address (cleared on opt-out); every opt-in and opt-out is also kept, as the proof a
 * regulator may ask for.
 */
export class ConsentService {
  constructor (private readonly db: Knex) {}

  /** Writes the choices that differ from the current ones, in the caller's transaction; returns the kinds changed. */
  async record (trx: Knex.Transaction, customerId: number, current: Record<ConsentKind, boolean>, wanted: ConsentChoices, origin: ChangeOrigin): Promise<ConsentKind[]> {
    const changed = CONSENT_KINDS.filter(kind => wanted[kind] !== undefined && wanted[kind] !== current[kind])
    if (changed.length === 0) return []
    const columns: Record<string, unknown> = {}
    for (const kind of changed) {
      const optedIn = wanted[kind] === true
      columns[kind] = optedIn
      columns[`${kind}_at`] = optedIn ? trx.fn.now() : null
      columns[`${kind}_ip`] = optedIn ? origin.ip : null
    }
    await trx('customers.customers').where({ id: customerId }).update(columns)
    await trx(CHANGES).insert(changed.map(kind => ({ customer_id: customerId, kind, opted_in: wanted[kind], source: origin.source, ip: origin.ip, employee_id: origin.employeeId })))
    return changed
  }

  /** Every opt-in and opt-out of a customer, oldest first. */
  async history (customerId: number, trx?: Knex): Promise<ConsentChange[]> {
    const rows = await (trx ?? this.db)(CHANGES).where({ customer_id: customerId }).orderBy('id')
    return rows.map(row => ({ kind: row.kind, optedIn: row.opted_in, source: row.source, ip: row.ip, employeeId: row.employee_id, at: row.created_at }))
  }

  /** Anonymization keeps the history (when consents changed) without the IP addresses. */
  async eraseIps (trx: Knex.Transaction, customerId: number): Promise<void> {
    await trx(CHANGES).where({ customer_id: customerId }).update({ ip: null })
  }
}
