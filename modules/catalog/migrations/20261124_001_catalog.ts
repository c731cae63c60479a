import type { Knex } from 'knex'

// Runs with search_path set to the catalog schema: unqualified names land there.

/** Timestamps at millisecond precision, so a JavaScript Date round-trips exactly in keyset cursors. */
function timestamps (knex: Knex, table: Knex.CreateTableBuilder): void {
  table.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now())
  table.timestamp('updated_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now())
}

/** A per-language text table keyed by its owner and an ISO language code. */
async function translationTable (knex: Knex, name: string, owner: string, ownerTable: string, columns: (table: Knex.CreateTableBuilder) => void): Promise<void> {
  await knex.schema.createTable(name, table => {
    table.integer(owner).notNullable().references('id').inTable(ownerTable).onDelete('CASCADE')
    table.text('language').notNullable()
    columns(table)
    table.primary([owner, 'language'])
  })
}

export async function up (knex: Knex): Promise<void> {
  await knex.schema.createTable('categories', table => {
    table.increments('id')
    table.integer('parent_id').references('id').inTable('categories').onDelete('RESTRICT')
    table.integer('position').notNullable()
    table.boolean('active').notNullable().defaultTo(true)
    // Materialized path of ids from the root, self included ('/1/5/'): sub-tree filters are one prefix match.
    table.text('path').notNullable()
    timestamps(knex, table)
    table.index(['parent_id', 'position'])
  })
  await knex.raw('create index categories_path on categories (path text_pattern_ops)')
  await translationTable(knex, 'category_translations', 'category_id', 'categories', table => {
    table.text('name').notNullable()
    table.text('description').notNullable().defaultTo('')
    table.text('slug').notNullable()
    table.index(['language', 'slug'])
  })

  await knex.schema.createTable('products', table => {
    table.increments('id')
    table.text('sku').notNullable().unique()
    table.bigInteger('price').notNullable()
    table.text('currency').notNullable()
    table.integer('tax_rule_id')
    table.integer('weight_grams').notNullable().defaultTo(0)
    table.integer('width_mm').notNullable().defaultTo(0)
    table.integer('height_mm').notNullable().defaultTo(0)
    table.integer('depth_mm').notNullable().defaultTo(0)
    table.integer('quantity').notNullable().defaultTo(0)
    table.integer('low_stock_threshold').notNullable().defaultTo(0)
    table.boolean('allow_backorders').notNullable().defaultTo(false)
    table.boolean('active').notNullable().defaultTo(false)
    table.integer('default_category_id').notNullable().references('id').inTable('categories').onDelete('RESTRICT')
    timestamps(knex, table)
    table.index(['price', 'id'])
    table.index(['quantity', 'id'])
    table.index(['created_at', 'id'])
    table.index(['active', 'id'])
    table.index(['default_category_id'])
  })
  await knex.raw('alter table products add constraint products_price_not_negative check (price >= 0)')
  await knex.raw('create index products_sku_prefix on products (lower(sku) text_pattern_ops)')
  await knex.raw('create index products_low_stock on products (id) where quantity <= low_stock_threshold')

  await knex.schema.createTable('product_categories', table => {
    table.integer('product_id').notNullable().references('id').inTable('products').onDelete('CASCADE')
    table.integer('category_id').notNullable().references('id').inTable('categories').onDelete('RESTRICT')
    table.primary(['product_id', 'category_id'])
    table.index(['category_id', 'product_id'])
  })
  await translationTable(knex, 'product_translations', 'product_id', 'products', table => {
    table.text('name').notNullable()
    table.text('short_description').notNullable().defaultTo('')
    table.text('description').notNullable().defaultTo('')
    table.text('slug').notNullable()
    table.index(['language', 'slug'])
  })
  // pg_trgm is not available on PGlite, so partial-word search is a prefix match on the words of
  // the name through a 'simple' tsvector (GIN), which both databases index the same way.
  await knex.raw(`alter table product_translations add column search_vector tsvector
    generated always as (to_tsvector('simple', name)) stored`)
  await knex.raw('create index product_translations_search on product_translations using gin (search_vector)')
  await knex.raw('create index product_translations_name on product_translations (language, lower(name), product_id)')
  await knex.schema.createTable('product_features', table => {
    table.integer('product_id').notNullable().references('id').inTable('products').onDelete('CASCADE')
    table.integer('position').notNullable()
    table.text('key').notNullable()
    table.text('value').notNullable()
    table.primary(['product_id', 'position'])
  })

  await knex.schema.createTable('attribute_groups', table => {
    table.increments('id')
    table.integer('position').notNullable()
    timestamps(knex, table)
  })
  await translationTable(knex, 'attribute_group_translations', 'group_id', 'attribute_groups', table => {
    table.text('name').notNullable()
  })
  await knex.schema.createTable('attribute_values', table => {
    table.increments('id')
    table.integer('group_id').notNullable().references('id').inTable('attribute_groups').onDelete('CASCADE')
    table.integer('position').notNullable()
    table.text('color')
    timestamps(knex, table)
    table.index(['group_id', 'position'])
  })
  await translationTable(knex, 'attribute_value_translations', 'value_id', 'attribute_values', table => {
    table.text('name').notNullable()
  })

  await knex.schema.createTable('product_variants', table => {
    table.increments('id')
    table.integer('product_id').notNullable().references('id').inTable('products').onDelete('CASCADE')
    table.text('sku').notNullable().unique()
    table.bigInteger('price_impact').notNullable().defaultTo(0)
    table.integer('weight_impact_grams').notNullable().defaultTo(0)
    table.integer('quantity').notNullable().defaultTo(0)
    // The sorted value ids ('3,7'): one variant per combination of a product.
    table.text('combination').notNullable()
    timestamps(knex, table)
    table.unique(['product_id', 'combination'])
  })
  await knex.raw('create index product_variants_sku_prefix on product_variants (lower(sku) text_pattern_ops)')
  await knex.schema.createTable('variant_values', table => {
    table.integer('variant_id').notNullable().references('id').inTable('product_variants').onDelete('CASCADE')
    table.integer('value_id').notNullable().references('id').inTable('attribute_values').onDelete('RESTRICT')
    table.integer('group_id').notNullable().references('id').inTable('attribute_groups').onDelete('RESTRICT')
    table.primary(['variant_id', 'value_id'])
    table.unique(['variant_id', 'group_id'])
    table.index(['value_id'])
  })

  await knex.schema.createTable('stock_movements', table => {
    table.bigIncrements('id')
    table.integer('product_id').notNullable().references('id').inTable('products').onDelete('CASCADE')
    // A deleted variant's history stays with its product: its stock was first brought to zero.
    table.integer('variant_id').references('id').inTable('product_variants').onDelete('SET NULL')
    table.text('variant_sku')
    table.integer('delta').notNullable()
    table.text('reason').notNullable().checkIn(['manual', 'import', 'order', 'cancel', 'return'])
    table.text('reference')
    table.integer('quantity_after').notNullable()
    table.integer('employee_id')
    table.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now())
    table.index(['product_id', 'id'])
    table.index(['variant_id', 'id'])
  })
  await knex.raw('alter table stock_movements add constraint stock_movements_delta_not_zero check (delta <> 0)')

  await knex.schema.createTable('product_images', table => {
    table.increments('id')
    table.integer('product_id').notNullable().references('id').inTable('products').onDelete('CASCADE')
    table.integer('position').notNullable()
    table.text('file_name').notNullable().unique()
    table.text('content_type').notNullable()
    table.integer('size_bytes').notNullable()
    table.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now())
    table.index(['product_id', 'position'])
  })
  await translationTable(knex, 'image_translations', 'image_id', 'product_images', table => {
    table.text('alt').notNullable()
  })
}

export async function down (knex: Knex): Promise<void> {
  for (const table of [
    'image_translations', 'product_images', 'stock_movements', 'variant_values', 'product_variants',
    'attribute_value_translations', 'attribute_values', 'attribute_group_translations', 'attribute_groups',
    'product_features', 'product_translations', 'product_categories', 'products', 'category_translations', 'categories'
  ]) await knex.schema.dropTableIfExists(table)
}
