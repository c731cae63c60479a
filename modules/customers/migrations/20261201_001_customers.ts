import type { Knex } from 'knex'

// Runs with search_path set to the customers schema: unqualified names land there.

/** Timestamps at millisecond precision, so a JavaScript Date round-trips exactly in keyset cursors. */
function timestamps (knex: Knex, table: Knex.CreateTableBuilder): void {
  table.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now())
  table.timestamp('updated_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now())
}

export async function up (knex: Knex): Promise<void> {
  await knex.schema.createTable('customers', table => {
    table.increments('id')
    table.text('email').notNullable()
    // Null for an account staff created without a password: it cannot log in until one is set.
    table.text('password_hash')
    // Tokens issued before this moment no longer sign in: a password change signs out every device.
    table.timestamp('sessions_valid_from', { useTz: true, precision: 3 })
    table.text('first_name').notNullable()
    table.text('last_name').notNullable()
    table.text('language').notNullable()
    table.text('phone')
    table.text('company')
    table.text('vat_number')
    table.date('birthday')
    table.boolean('active').notNullable().defaultTo(true)
    for (const consent of ['newsletter', 'partner']) {
      table.boolean(consent).notNullable().defaultTo(false)
      table.timestamp(`${consent}_at`, { useTz: true, precision: 3 })
      table.text(`${consent}_ip`)
    }
    table.text('note')
    table.timestamp('anonymized_at', { useTz: true, precision: 3 })
    timestamps(knex, table)
    table.index(['created_at', 'id'])
    table.index(['active', 'created_at', 'id'])
    table.index(['newsletter', 'created_at', 'id'])
    table.index(['language'])
  })
  await knex.raw('create unique index customers_email_lower on customers (lower(email))')
  await knex.raw('create index customers_email_prefix on customers (lower(email) text_pattern_ops)')
  // One sort key for "by name": last name then first name, case-insensitively.
  await knex.raw("alter table customers add column sort_name text generated always as (lower(last_name || ' ' || first_name)) stored")
  await knex.raw('create index customers_sort_name on customers (sort_name, id)')
  // pg_trgm is not available on PGlite, so text search is a prefix match on the words of the
  // names and company through a 'simple' tsvector (GIN), which both databases index the same way.
  await knex.raw(`alter table customers add column search_vector tsvector
    generated always as (to_tsvector('simple', first_name || ' ' || last_name || ' ' || coalesce(company, ''))) stored`)
  await knex.raw('create index customers_search on customers using gin (search_vector)')

  await knex.schema.createTable('groups', table => {
    table.increments('id')
    table.text('name').notNullable()
    table.integer('discount_basis_points').notNullable().defaultTo(0)
    table.boolean('is_default').notNullable().defaultTo(false)
    timestamps(knex, table)
  })
  await knex.raw('alter table groups add constraint groups_discount_range check (discount_basis_points between 0 and 10000)')
  await knex.raw('create unique index groups_name_lower on groups (lower(name))')
  await knex.raw('create unique index groups_one_default on groups (is_default) where is_default')

  await knex.schema.createTable('group_members', table => {
    table.integer('customer_id').notNullable().references('id').inTable('customers').onDelete('CASCADE')
    table.integer('group_id').notNullable().references('id').inTable('groups').onDelete('RESTRICT')
    table.primary(['customer_id', 'group_id'])
    table.index(['group_id', 'customer_id'])
  })

  await knex.schema.createTable('addresses', table => {
    table.increments('id')
    table.integer('customer_id').notNullable().references('id').inTable('customers').onDelete('CASCADE')
    table.text('alias').notNullable()
    table.text('first_name').notNullable()
    table.text('last_name').notNullable()
    table.text('company')
    table.text('line1').notNullable()
    table.text('line2')
    table.text('postcode').notNullable()
    table.text('city').notNullable()
    table.text('country_code').notNullable()
    table.text('region')
    table.text('phone')
    timestamps(knex, table)
    table.index(['customer_id', 'id'])
    table.index(['country_code'])
  })

  // The proof of each opt-in and opt-out: when, from where, through the shop or by staff.
  await knex.schema.createTable('consent_changes', table => {
    table.bigIncrements('id')
    table.integer('customer_id').notNullable().references('id').inTable('customers').onDelete('CASCADE')
    table.text('kind').notNullable().checkIn(['newsletter', 'partner'])
    table.boolean('opted_in').notNullable()
    table.text('source').notNullable().checkIn(['shop', 'staff'])
    table.text('ip')
    table.integer('employee_id')
    table.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now())
    table.index(['customer_id', 'id'])
  })

  // Fixed-window counters of shop login attempts, shared by every process on the database.
  await knex.schema.createTable('login_attempts', table => {
    table.text('key').primary()
    table.integer('hits').notNullable()
    table.timestamp('expires_at', { useTz: true, precision: 3 }).notNullable()
    table.index(['expires_at'])
  })
}

export async function down (knex: Knex): Promise<void> {
  for (const table of ['login_attempts', 'consent_changes', 'addresses', 'group_members', 'groups', 'customers']) await knex.schema.dropTableIfExists(table)
}
