import type { Knex } from 'knex'

export interface AuditEntry {
  actorType: 'employee' | 'api_key'
  actorId: number
  actorLabel: string
  module: string
  action: string
  target: string | null
  /** The query string parameters, bounded and with secrets redacted (see recorded-query.ts); null when there were none. */
  query: Record<string, unknown> | null
  status: number
  requestId: string | null
}

export interface AuditRecord extends AuditEntry {
  id: number
  at: string
}

export interface AuditQuery {
  module?: string
  actorType?: 'employee' | 'api_key'
  actorId?: number
  action?: string
  status?: number
  from?: string
  to?: string
  /** Keyset cursor: the id of the last entry of the previous page. */
  before?: number
  limit: number
}

interface AuditRow {
  id: number
  at: Date
  actor_type: 'employee' | 'api_key'
  actor_id: number
  actor_label: string
  module: string
  action: string
  target: string | null
  query: Record<string, unknown> | null
  status: number
  request_id: string | null
}

/** SQL for the audit log: newest first, keyset-paginated on the id. */
export class AuditRepository {
  constructor (private readonly knex: Knex) {}

  async record (entry: AuditEntry): Promise<void> {
    await this.knex.withSchema('core').into('audit_log').insert({
      actor_type: entry.actorType,
      actor_id: entry.actorId,
      actor_label: entry.actorLabel,
      module: entry.module,
      action: entry.action,
      target: entry.target,
      query: entry.query === null ? null : JSON.stringify(entry.query),
      status: entry.status,
      request_id: entry.requestId
    })
  }

  async list (query: AuditQuery): Promise<{ items: AuditRecord[], nextCursor: number | null }> {
    const rows: AuditRow[] = await this.knex.withSchema('core').from('audit_log')
      .modify(builder => {
        if (query.module !== undefined) builder.where('module', query.module)
        if (query.actorType !== undefined) builder.where('actor_type', query.actorType)
        if (query.actorId !== undefined) builder.where('actor_id', query.actorId)
        if (query.action !== undefined) builder.where('action', query.action)
        if (query.status !== undefined) builder.where('status', query.status)
        if (query.from !== undefined) builder.where('at', '>=', query.from)
        if (query.to !== undefined) builder.where('at', '<', query.to)
        if (query.before !== undefined) builder.where('id', '<', query.before)
      })
      .orderBy('id', 'desc')
      .limit(query.limit + 1)
    const page = rows.slice(0, query.limit)
    return {
      items: page.map(row => ({
        id: row.id,
        at: new Date(row.at).toISOString(),
        actorType: row.actor_type,
        actorId: row.actor_id,
        actorLabel: row.actor_label,
        module: row.module,
        action: row.action,
        target: row.target,
        query: row.query,
        status: row.status,
        requestId: row.request_id
      })),
      nextCursor: rows.length > query.limit ? page[page.length - 1].id : null
    }
  }
}
