import type { Knex } from 'knex'

// Runs with search_path set to the module's schema: unqualified names are localization.*.
export async function up (knex: Knex): Promise<void> {
  await knex.schema.createTable('zones', table => {
    table.increments('id')
    table.text('name').notNullable()
    table.boolean('active').notNullable().defaultTo(true)
  })
  await knex.raw('create unique index zones_name_unique on zones (lower(name))')

  await knex.schema.createTable('languages', table => {
    table.text('code').primary()
    table.text('name').notNullable()
    table.boolean('active').notNullable().defaultTo(true)
    table.boolean('is_default').notNullable().defaultTo(false)
    table.check(`code ~ '^[a-z]{2}$'`, [], 'languages_code_iso_639_1')
    table.check('active or not is_default', [], 'languages_default_active')
  })
  await knex.raw('create unique index languages_one_default on languages (is_default) where is_default')

  await knex.schema.createTable('currencies', table => {
    table.text('code').primary()
    table.text('name').notNullable()
    table.text('symbol').notNullable()
    table.smallint('exponent').notNullable()
    // Units of this currency for one unit of the default currency: exact decimal, never a float.
    table.decimal('exchange_rate', 30, 12).notNullable()
    table.boolean('active').notNullable().defaultTo(true)
    table.boolean('is_default').notNullable().defaultTo(false)
    table.check(`code ~ '^[A-Z]{3}$'`, [], 'currencies_code_iso_4217')
    table.check('exponent between 0 and 4', [], 'currencies_exponent_range')
    table.check('exchange_rate > 0', [], 'currencies_rate_positive')
    table.check('not is_default or (active and exchange_rate = 1)', [], 'currencies_default_active_at_par')
  })
  await knex.raw('create unique index currencies_one_default on currencies (is_default) where is_default')

  await knex.schema.createTable('countries', table => {
    table.text('code').primary()
    table.text('name').notNullable()
    table.integer('zone_id').notNullable().references('id').inTable('zones').onDelete('RESTRICT')
    table.boolean('active').notNullable().defaultTo(true)
    table.boolean('needs_postcode').notNullable().defaultTo(false)
    table.text('postcode_pattern')
    table.check(`code ~ '^[A-Z]{2}$'`, [], 'countries_code_iso_3166_alpha_2')
    table.index(['zone_id', 'code'], 'countries_zone_code')
    table.index(['active', 'code'], 'countries_active_code')
  })

  await knex.schema.createTable('tax_rules', table => {
    table.increments('id')
    table.text('name').notNullable()
    table.boolean('active').notNullable().defaultTo(true)
    table.index(['active', 'id'], 'tax_rules_active_id')
  })
  await knex.raw('create unique index tax_rules_name_unique on tax_rules (lower(name))')

  await knex.schema.createTable('tax_rates', table => {
    table.increments('id')
    table.integer('rule_id').notNullable().references('id').inTable('tax_rules').onDelete('CASCADE')
    table.text('country_code').notNullable().references('code').inTable('countries').onDelete('RESTRICT')
    // An ISO 3166-2 subdivision code without the country prefix; null: the whole country.
    table.text('region')
    // Percent with up to three decimals (Quebec's 9.975): exact, never a float.
    table.decimal('rate', 6, 3).notNullable()
    table.check('rate >= 0 and rate <= 100', [], 'tax_rates_rate_percent')
    table.index(['country_code'], 'tax_rates_country')
  })
  await knex.raw(`create unique index tax_rates_line on tax_rates (rule_id, country_code, coalesce(region, ''))`)
}

export async function down (knex: Knex): Promise<void> {
  for (const table of ['tax_rates', 'tax_rules', 'countries', 'currencies', 'languages', 'zones']) {
    await knex.schema.dropTable(table)
  }
}
