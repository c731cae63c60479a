import type { Knex } from 'knex'

// Runs with search_path set to the orders schema: unqualified names land there.

/** Millisecond precision, so a JavaScript Date round-trips exactly in keyset cursors. */
function timestamp (knex: Knex, table: Knex.CreateTableBuilder, name: string): void {
  table.timestamp(name, { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now())
}

const money = (table: Knex.CreateTableBuilder, name: string): void => { table.bigInteger(name).notNullable().defaultTo(0) }

export async function up (knex: Knex): Promise<void> {
  await knex.schema.createTable('states', table => {
    table.increments('id')
    // The stable key of a default state ('shipped'); null for a state staff created.
    table.text('key').unique()
    table.text('color').notNullable()
    for (const flag of ['paid', 'shipped', 'delivered', 'invoice', 'send_email', 'logable']) table.boolean(flag).notNullable().defaultTo(false)
    // A permission needed, besides orders.state, to move an order into this state.
    table.text('required_permission')
    timestamp(knex, table, 'created_at')
  })
  await knex.schema.createTable('state_translations', table => {
    table.integer('state_id').notNullable().references('id').inTable('states').onDelete('CASCADE')
    table.text('language').notNullable()
    table.text('name').notNullable()
    table.primary(['state_id', 'language'])
  })
  await knex.schema.createTable('state_transitions', table => {
    table.integer('from_state_id').notNullable().references('id').inTable('states').onDelete('CASCADE')
    table.integer('to_state_id').notNullable().references('id').inTable('states').onDelete('CASCADE')
    table.primary(['from_state_id', 'to_state_id'])
  })

  await knex.schema.createTable('orders', table => {
    table.increments('id')
    table.text('reference').notNullable().unique()
    table.text('source').notNullable().checkIn(['shop', 'staff'])
    table.integer('customer_id').notNullable()
    table.text('customer_email').notNullable()
    table.text('language').notNullable()
    table.text('currency').notNullable()
    table.integer('state_id').notNullable().references('id').inTable('states').onDelete('RESTRICT')
    table.jsonb('delivery_address').notNullable()
    table.jsonb('invoice_address').notNullable()
    table.text('delivery_country').notNullable()
    table.text('carrier')
    table.text('shipping_module')
    table.text('shipping_option_id')
    table.text('shipping_name')
    table.text('tracking_number')
    table.text('payment_module')
    table.text('payment_method').notNullable()
    table.text('payment_method_id')
    table.text('payment_reference')
    table.integer('discount_basis_points').notNullable().defaultTo(0)
    for (const column of ['products_total', 'discount_total', 'tax_total', 'shipping_total', 'total', 'paid_total', 'refunded_total']) money(table, column)
    // True while the units of a canceled order are back in stock.
    table.boolean('stock_released').notNullable().defaultTo(false)
    table.timestamp('delivered_at', { useTz: true, precision: 3 })
    timestamp(knex, table, 'created_at')
    timestamp(knex, table, 'updated_at')
    table.index(['state_id', 'created_at', 'id'])
    table.index(['customer_id', 'created_at', 'id'])
    table.index(['total', 'id'])
    table.index(['carrier'])
    table.index(['payment_method'])
    table.index(['delivery_country'])
  })
  await knex.raw('create index orders_newest on orders (created_at desc, id desc)')
  // The reference filter matches a prefix: a text_pattern_ops index serves `like 'ABC%'` in any collation.
  await knex.raw('create index orders_reference_prefix on orders (reference text_pattern_ops)')
  await knex.raw('alter table orders add constraint orders_refunds_within_payments check (refunded_total <= paid_total)')

  await knex.schema.createTable('order_lines', table => {
    table.increments('id')
    table.integer('order_id').notNullable().references('id').inTable('orders').onDelete('CASCADE')
    table.integer('position').notNullable()
    table.integer('product_id').notNullable()
    table.integer('variant_id')
    table.text('sku').notNullable()
    table.text('name').notNullable()
    table.integer('weight_grams').notNullable()
    money(table, 'unit_price')
    table.integer('quantity').notNullable()
    // The exact decimal string localization gave ("20", "5.5"), as printed on the invoice.
    table.text('tax_rate').notNullable()
    for (const column of ['subtotal', 'discount', 'tax', 'total']) money(table, column)
    table.integer('refunded_quantity').notNullable().defaultTo(0)
    table.unique(['order_id', 'position'])
  })
  await knex.raw('alter table order_lines add constraint order_lines_refunds_within_quantity check (refunded_quantity between 0 and quantity)')

  await knex.schema.createTable('order_history', table => {
    table.bigIncrements('id')
    table.integer('order_id').notNullable().references('id').inTable('orders').onDelete('CASCADE')
    table.integer('from_state_id').references('id').inTable('states').onDelete('RESTRICT')
    table.integer('to_state_id').notNullable().references('id').inTable('states').onDelete('RESTRICT')
    table.text('actor_type').notNullable().checkIn(['employee', 'api_key', 'customer', 'system'])
    table.integer('actor_id')
    table.text('actor_label')
    timestamp(knex, table, 'created_at')
    table.index(['order_id', 'id'])
  })

  await knex.schema.createTable('carts', table => {
    table.increments('id')
    table.integer('customer_id').notNullable().unique()
    table.integer('delivery_address_id')
    table.integer('invoice_address_id')
    table.text('shipping_module')
    table.text('shipping_option_id')
    table.text('payment_module')
    table.text('payment_method_id')
    timestamp(knex, table, 'updated_at')
  })
  await knex.schema.createTable('cart_lines', table => {
    table.increments('id')
    table.integer('cart_id').notNullable().references('id').inTable('carts').onDelete('CASCADE')
    table.integer('product_id').notNullable()
    table.integer('variant_id')
    table.integer('quantity').notNullable()
    timestamp(knex, table, 'created_at')
  })
  await knex.raw('create unique index cart_lines_item on cart_lines (cart_id, product_id, coalesce(variant_id, 0))')

  // One row per kind of document and year, locked `for update` while numbering: no gap, no duplicate.
  await knex.schema.createTable('document_counters', table => {
    table.text('kind').notNullable()
    table.integer('year').notNullable()
    table.integer('last').notNullable()
    table.primary(['kind', 'year'])
  })
  await knex.schema.createTable('invoices', table => {
    table.increments('id')
    table.integer('order_id').notNullable().unique().references('id').inTable('orders').onDelete('CASCADE')
    table.text('number').notNullable().unique()
    table.integer('year').notNullable()
    table.integer('sequence').notNullable()
    timestamp(knex, table, 'created_at')
    table.unique(['year', 'sequence'])
  })

  await knex.schema.createTable('returns', table => {
    table.increments('id')
    table.integer('order_id').notNullable().references('id').inTable('orders').onDelete('CASCADE')
    table.text('state').notNullable()
    table.text('reason').notNullable()
    table.text('requested_by').notNullable().checkIn(['customer', 'staff'])
    timestamp(knex, table, 'created_at')
    timestamp(knex, table, 'updated_at')
    table.index(['order_id'])
    table.index(['state', 'id'])
  })
  await knex.schema.createTable('return_lines', table => {
    table.integer('return_id').notNullable().references('id').inTable('returns').onDelete('CASCADE')
    table.integer('order_line_id').notNullable().references('id').inTable('order_lines').onDelete('CASCADE')
    table.integer('quantity').notNullable()
    table.primary(['return_id', 'order_line_id'])
  })

  await knex.schema.createTable('credit_slips', table => {
    table.increments('id')
    table.integer('order_id').notNullable().references('id').inTable('orders').onDelete('CASCADE')
    table.text('number').notNullable().unique()
    for (const column of ['products_amount', 'shipping_amount', 'total']) money(table, column)
    table.text('currency').notNullable()
    table.text('refund_reference')
    table.integer('employee_id')
    timestamp(knex, table, 'created_at')
    table.index(['order_id'])
  })
  await knex.schema.createTable('credit_slip_lines', table => {
    table.integer('credit_slip_id').notNullable().references('id').inTable('credit_slips').onDelete('CASCADE')
    table.integer('order_line_id').notNullable().references('id').inTable('order_lines').onDelete('CASCADE')
    table.integer('quantity').notNullable()
    money(table, 'amount')
    table.primary(['credit_slip_id', 'order_line_id'])
  })
}

export async function down (knex: Knex): Promise<void> {
  for (const table of [
    'credit_slip_lines', 'credit_slips', 'return_lines', 'returns', 'invoices', 'document_counters',
    'cart_lines', 'carts', 'order_history', 'order_lines', 'orders', 'state_transitions', 'state_translations', 'states'
  ]) await knex.schema.dropTableIfExists(table)
}
