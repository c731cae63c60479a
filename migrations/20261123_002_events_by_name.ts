import type { Knex } from 'knex'

// The dispatcher looks up each subscriber's undelivered events by name in id order.
export async function up (knex: Knex): Promise<void> {
  await knex.schema.alterTable('events', table => {
    table.index(['name', 'id'], 'events_name_id')
  })
}

export async function down (knex: Knex): Promise<void> {
  await knex.schema.alterTable('events', table => {
    table.dropIndex(['name', 'id'], 'events_name_id')
  })
}
