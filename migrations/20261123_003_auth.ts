import type { Knex } from 'knex'

// Runs with search_path set to the core schema: unqualified names land there.
export async function up (knex: Knex): Promise<void> {
  // Login attempt counters shared by every process on the database (the rate-limit store).
  await knex.schema.createTable('rate_limits', table => {
    table.text('key').primary()
    table.integer('hits').notNullable()
    table.timestamp('expires_at', { useTz: true }).notNullable().index()
  })
  // The last TOTP time step accepted, so a code cannot be used twice.
  await knex.schema.alterTable('employees', table => {
    table.bigInteger('totp_last_step')
  })
  // Deactivation and password changes revoke every refresh token of an employee.
  await knex.schema.alterTable('refresh_tokens', table => {
    table.index(['employee_id'], 'refresh_tokens_employee_id')
  })
}

export async function down (knex: Knex): Promise<void> {
  await knex.schema.alterTable('refresh_tokens', table => {
    table.dropIndex(['employee_id'], 'refresh_tokens_employee_id')
  })
  await knex.schema.alterTable('employees', table => {
    table.dropColumn('totp_last_step')
  })
  await knex.schema.dropTableIfExists('rate_limits')
}
