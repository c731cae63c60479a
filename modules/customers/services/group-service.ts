import { withDetails } from 'backroom'
import type { Knex } from 'knex'
import { customersErrors } from '../errors.ts'
import type { Group, GroupCreateBody, GroupUpdateBody } from '../schemas.ts'
import { guardUnique } from './database-errors.ts'

const GROUPS = 'customers.groups'
const MEMBERS = 'customers.group_members'

interface GroupRow { id: number, name: string, discount_basis_points: number, is_default: boolean, member_count: number | string, created_at: Date, updated_at: Date }

/** The groups a customer belongs to, and the best default discount among them. */
export interface Membership { groupIds: number[], discountBasisPoints: number }

const NO_MEMBERSHIP: Membership = { groupIds: [], discountBasisPoints: 0 }

/**
 * Customer groups (B2B prices): a name, a default discount in basis points (integers: 1250 is
 * 12.50 %, never a float) and at most one default group that new customers join.
 */
export class GroupService {
  constructor (private readonly db: Knex) {}

  async list (): Promise<Group[]> {
    const rows: GroupRow[] = await this.withMemberCount(this.db).orderByRaw('lower(g.name), g.id')
    return rows.map(row => this.toGroup(row))
  }

  async get (id: number, trx?: Knex): Promise<Group> {
    const row: GroupRow | undefined = await this.withMemberCount(trx ?? this.db).where('g.id', id).first()
    if (row === undefined) throw new customersErrors.BR_CUSTOMERS_GROUP_NOT_FOUND(id)
    return this.toGroup(row)
  }

  async create (input: GroupCreateBody): Promise<Group> {
    return await this.db.transaction(async trx => {
      if (input.isDefault === true) await this.clearDefault(trx)
      const [{ id }] = await this.guardName(input.name, async () => await trx(GROUPS).insert({
        name: input.name,
        discount_basis_points: input.discountBasisPoints ?? 0,
        is_default: input.isDefault ?? false
      }).returning('id'))
      return await this.get(id, trx)
    })
  }

  async update (id: number, change: GroupUpdateBody): Promise<Group> {
    return await this.db.transaction(async trx => {
      await this.lock(trx, id)
      if (change.isDefault === true) await this.clearDefault(trx)
      const columns: Record<string, unknown> = { updated_at: trx.fn.now() }
      if (change.name !== undefined) columns.name = change.name
      if (change.discountBasisPoints !== undefined) columns.discount_basis_points = change.discountBasisPoints
      if (change.isDefault !== undefined) columns.is_default = change.isDefault
      await this.guardName(change.name ?? '', async () => await trx(GROUPS).where({ id }).update(columns))
      return await this.get(id, trx)
    })
  }

  /** Deletes an empty group; one with members is refused, so no customer loses a discount unnoticed. */
  async delete (id: number): Promise<void> {
    await this.db.transaction(async trx => {
      await this.lock(trx, id)
      const [{ count }] = await trx(MEMBERS).where({ group_id: id }).count({ count: '*' })
      if (Number(count) > 0) throw new customersErrors.BR_CUSTOMERS_GROUP_NOT_EMPTY(id, Number(count))
      await trx(GROUPS).where({ id }).delete()
    })
  }

  /** The groups a new customer joins when none are named: the default group, if there is one. */
  async defaultGroupIds (trx: Knex): Promise<number[]> {
    return await trx(GROUPS).where({ is_default: true }).pluck('id')
  }

  /** Replaces a customer's groups, in the caller's transaction; ids that name no group are refused as the body's `groupIds`. */
  async setMembership (trx: Knex.Transaction, customerId: number, groupIds: number[]): Promise<void> {
    // Share-locked in id order: a group being deleted meanwhile either waits for this change (and
    // then sees its member) or is seen gone, and two changes of the same groups cannot deadlock.
    const found = new Set<number>(await trx(GROUPS).whereIn('id', groupIds).orderBy('id').forShare().pluck('id'))
    const unknown = groupIds.find(id => !found.has(id))
    if (unknown !== undefined) throw withDetails(new customersErrors.BR_CUSTOMERS_UNKNOWN_GROUP(unknown), { field: 'groupIds' })
    await trx(MEMBERS).where({ customer_id: customerId }).delete()
    if (groupIds.length > 0) await trx(MEMBERS).insert(groupIds.map(groupId => ({ customer_id: customerId, group_id: groupId })))
  }

  /** The membership of each customer given, by id. */
  async memberships (customerIds: number[], trx?: Knex): Promise<Map<number, Membership>> {
    const rows: Array<{ customer_id: number, group_id: number, discount_basis_points: number }> = customerIds.length === 0
      ? []
      : await (trx ?? this.db)(`${MEMBERS} as m`).join(`${GROUPS} as g`, 'g.id', 'm.group_id')
        .whereIn('m.customer_id', customerIds).orderBy(['m.customer_id', 'm.group_id'])
        .select('m.customer_id', 'm.group_id', 'g.discount_basis_points')
    const memberships = new Map<number, Membership>(customerIds.map(id => [id, NO_MEMBERSHIP]))
    for (const row of rows) {
      const { groupIds, discountBasisPoints } = memberships.get(row.customer_id)!
      memberships.set(row.customer_id, { groupIds: [...groupIds, row.group_id], discountBasisPoints: Math.max(discountBasisPoints, row.discount_basis_points) })
    }
    return memberships
  }

  /** The groups of one customer, for an export. */
  async groupsOf (customerId: number, trx?: Knex): Promise<Array<Pick<Group, 'id' | 'name' | 'discountBasisPoints'>>> {
    const rows = await (trx ?? this.db)(`${MEMBERS} as m`).join(`${GROUPS} as g`, 'g.id', 'm.group_id')
      .where('m.customer_id', customerId).orderBy('g.id').select('g.id', 'g.name', 'g.discount_basis_points')
    return rows.map(row => ({ id: row.id, name: row.name, discountBasisPoints: row.discount_basis_points }))
  }

  private withMemberCount (db: Knex): Knex.QueryBuilder {
    return db(`${GROUPS} as g`).select('g.*', db(MEMBERS).count('*').whereRaw('group_id = g.id').as('member_count'))
  }

  private async lock (trx: Knex.Transaction, id: number): Promise<void> {
    const row = await trx(GROUPS).where({ id }).forUpdate().first('id')
    if (row === undefined) throw new customersErrors.BR_CUSTOMERS_GROUP_NOT_FOUND(id)
  }

  /** Unsets the default group; an advisory lock keeps two groups from becoming the default at once. */
  private async clearDefault (trx: Knex.Transaction): Promise<void> {
    await trx.raw("select pg_advisory_xact_lock(hashtext('customers.default_group'))")
    await trx(GROUPS).where({ is_default: true }).update({ is_default: false, updated_at: trx.fn.now() })
  }

  private async guardName<T> (name: string, write: () => Promise<T>): Promise<T> {
    return await guardUnique('groups_name_lower', () => new customersErrors.BR_CUSTOMERS_GROUP_NAME_TAKEN(name), write)
  }

  private toGroup (row: GroupRow): Group {
    return {
      id: row.id,
      name: row.name,
      discountBasisPoints: row.discount_basis_points,
      isDefault: row.is_default,
      memberCount: Number(row.member_count),
      createdAt: row.created_at,
      updatedAt: row.updated_at
    }
  }
}
