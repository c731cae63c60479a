import type { Knex } from 'knex'

// Runs with search_path set to the core schema. An audited read's query string is what it was
// about (an export's filters); entries written before this column have none.
export async function up (knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', table => {
    table.jsonb('query')
  })
}

export async function down (knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', table => {
    table.dropColumn('query')
  })
}
