import type { Knex } from 'knex'

// Runs with search_path set to the core schema: unqualified names land there.
export async function up (knex: Knex): Promise<void> {
  await knex.schema.createTable('modules', table => {
    table.text('name').primary()
    table.text('version')
    table.text('state').notNullable().checkIn(['enabled', 'disabled', 'failed'])
    table.text('last_error')
    table.jsonb('settings').notNullable().defaultTo('{}')
    table.timestamp('installed_at', { useTz: true })
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.schema.createTable('permissions', table => {
    table.text('key').primary()
    table.text('module').notNullable().index()
    table.text('description').notNullable()
  })
  await knex.schema.createTable('profiles', table => {
    table.increments('id')
    table.text('name').notNullable().unique()
    table.boolean('all_permissions').notNullable().defaultTo(false)
    table.boolean('builtin').notNullable().defaultTo(false)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.schema.createTable('profile_permissions', table => {
    table.integer('profile_id').notNullable().references('id').inTable('profiles').onDelete('CASCADE')
    table.text('permission').notNullable().references('key').inTable('permissions').onDelete('CASCADE')
    table.primary(['profile_id', 'permission'])
  })
  await knex.schema.createTable('employees', table => {
    table.increments('id')
    table.text('email').notNullable()
    table.text('first_name').notNullable()
    table.text('last_name').notNullable()
    table.text('password_hash').notNullable()
    table.boolean('active').notNullable().defaultTo(true)
    table.integer('profile_id').notNullable().references('id').inTable('profiles')
    table.text('language').notNullable().defaultTo('en')
    table.text('totp_secret')
    table.boolean('totp_enabled').notNullable().defaultTo(false)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.raw('create unique index employees_email_lower on employees (lower(email))')
  await knex.schema.createTable('refresh_tokens', table => {
    table.bigIncrements('id')
    table.uuid('family_id').notNullable().index()
    table.integer('employee_id').notNullable().references('id').inTable('employees').onDelete('CASCADE')
    table.text('token_hash').notNullable().unique()
    table.timestamp('expires_at', { useTz: true }).notNullable()
    table.timestamp('used_at', { useTz: true })
    table.timestamp('revoked_at', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.schema.createTable('api_keys', table => {
    table.increments('id')
    table.text('name').notNullable()
    table.text('prefix').notNullable()
    table.text('key_hash').notNullable().unique()
    table.specificType('permissions', 'text[]').notNullable()
    table.integer('created_by').references('id').inTable('employees').onDelete('SET NULL')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('last_used_at', { useTz: true })
    table.timestamp('revoked_at', { useTz: true })
  })
  await knex.schema.createTable('audit_log', table => {
    table.bigIncrements('id')
    table.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.text('actor_type').notNullable().checkIn(['employee', 'api_key'])
    table.integer('actor_id').notNullable()
    table.text('actor_label').notNullable()
    table.text('module').notNullable()
    table.text('action').notNullable()
    table.text('target')
    table.integer('status').notNullable()
    table.text('request_id')
    table.index(['at', 'id'])
    table.index(['module', 'id'])
    table.index(['actor_type', 'actor_id', 'id'])
  })
  await knex.schema.createTable('events', table => {
    table.bigIncrements('id')
    table.text('name').notNullable()
    table.text('module').notNullable()
    table.jsonb('payload').notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.schema.createTable('event_deliveries', table => {
    table.bigInteger('event_id').notNullable().references('id').inTable('events').onDelete('CASCADE')
    table.text('subscriber').notNullable()
    table.timestamp('delivered_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['subscriber', 'event_id'])
  })
  // A subscriber sees events from its first registration on, not the whole history.
  await knex.schema.createTable('event_subscribers', table => {
    table.text('subscriber').primary()
    table.bigInteger('from_event_id').notNullable()
    table.timestamp('registered_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
}

export async function down (knex: Knex): Promise<void> {
  for (const table of ['event_subscribers', 'event_deliveries', 'events', 'audit_log', 'api_keys', 'refresh_tokens', 'employees', 'profile_permissions', 'profiles', 'permissions', 'modules']) {
    await knex.schema.dropTableIfExists(table)
  }
}
