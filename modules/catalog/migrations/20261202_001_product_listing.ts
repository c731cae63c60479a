import type { Knex } from 'knex'

// Runs with search_path set to the catalog schema; the functions name every table with its schema,
// as they run under the search_path of whichever statement fires them.

const EVENTS = ['insert', 'update', 'delete'] as const

/**
 * The settings of the functions keeping the listing. The rows a statement changed drive every
 * query there (the outer side of each join: an array unnested first), an index probe each,
 * whatever the estimates: for a few thousand of them the planner hashed the whole listing
 * (O(listing) per statement), and JIT compiled such plans for longer (~0.6 s) than they ran.
 * An IN (select unnest(...)) was no driving side: the cached generic plan, taking the array for
 * ten rows, walked every product against it.
 */
const MAINTENANCE = 'set jit = off set enable_seqscan = off set enable_hashjoin = off set enable_mergejoin = off'

/**
 * A statement trigger per event running one function, which tells them apart by tg_op: a
 * transition table exists only for the events that have it (old_<rows>, new_<rows>).
 */
async function eventTriggers (knex: Knex, table: string, name: string, fn: string, rows: string): Promise<void> {
  const referencing = { insert: `new table as new_${rows}`, update: `old table as old_${rows} new table as new_${rows}`, delete: `old table as old_${rows}` }
  for (const event of EVENTS) {
    await knex.raw(`create trigger ${name}_${event} after ${event} on ${table}
      referencing ${referencing[event]} for each statement execute function ${fn}()`)
  }
}

/**
 * A category list sorted by name could use no index: its filter was an EXISTS over the product's
 * categories and their paths, and its count visited every match. product_listing holds one row
 * per (category, language, product) for every category a product belongs to and every ancestor of
 * it, with the sort keys, so that a page and its count are one index range each. Triggers keep it
 * current, statement by statement (transition tables), so multi-row writes pay once per statement.
 *
 * Every function writing the listing first takes ROW SHARE on product_listing_languages; what
 * changes the listing's shape (a category path, a new listed language) takes EXCLUSIVE, so it
 * never computes rows beside a writer that is computing them from the state before it.
 */
export async function up (knex: Knex): Promise<void> {
  await knex.schema.createTable('product_listing_languages', table => {
    table.text('language').primary()
  })
  await knex.schema.createTable('product_listing', table => {
    table.integer('product_id').notNullable()
    table.integer('category_id').notNullable()
    table.text('language').notNullable()
    // The product belongs to this category itself, not only to one of its sub-categories.
    table.boolean('direct').notNullable()
    table.boolean('active').notNullable()
    table.text('name_key').notNullable()
    table.bigInteger('price').notNullable()
    table.integer('quantity').notNullable()
    table.boolean('low_stock').notNullable()
    table.timestamp('created_at', { useTz: true, precision: 3 }).notNullable()
    // A product reached through two categories of one sub-tree is one row under their ancestor.
    table.primary(['product_id', 'category_id', 'language'])
  })
  // Stock changes, the most frequent, then update a row in place (HOT): quantity is in no index.
  await knex.raw('alter table product_listing set (fillfactor = 90)')
  await knex.raw('create index product_listing_by_name on product_listing (category_id, language, active, name_key, product_id) include (direct)')

  await knex.raw(`create function refresh_product_listing (product_ids integer[]) returns void language plpgsql ${MAINTENANCE} as $$
    declare
      languages text[];
    begin
      lock table catalog.product_listing_languages in row share mode;
      -- An array rather than a join: the planner has no statistics of a table of two rows, and took it for 1,360.
      select array_agg(language) into languages from catalog.product_listing_languages;
      delete from catalog.product_listing l using unnest(product_ids) as refreshed (id) where l.product_id = refreshed.id;
      insert into catalog.product_listing (product_id, category_id, language, direct, active, name_key, price, quantity, low_stock, created_at)
        select p.id, ancestor.id, l.language, bool_or(ancestor.id = pc.category_id), p.active, coalesce(lower(t.name), ''),
          p.price, p.quantity, p.quantity <= p.low_stock_threshold, p.created_at
        from unnest(product_ids) as refreshed (id)
        join catalog.products p on p.id = refreshed.id
        join catalog.product_categories pc on pc.product_id = p.id
        join catalog.categories c on c.id = pc.category_id
        cross join lateral unnest(string_to_array(trim(both '/' from c.path), '/')::integer[]) as ancestor (id)
        cross join unnest(languages) as l (language)
        left join catalog.product_translations t on t.product_id = p.id and t.language = l.language
        group by p.id, ancestor.id, l.language, t.name;
    end $$`)

  // Product rows have no categories when inserted (the links reference them): updates only.
  await knex.raw(`create function product_listing_on_products () returns trigger language plpgsql ${MAINTENANCE} as $$
    declare
      changed integer[];
    begin
      -- Most updates (updated_at, other columns) change nothing listed.
      -- EXCEPT rather than a join, which could only be a nested loop over the two transition tables here.
      select array_agg(id) into changed from (
        select id, active, price, quantity, low_stock_threshold, created_at from new_products
        except select id, active, price, quantity, low_stock_threshold, created_at from old_products) updated;
      if changed is null then
        return null;
      end if;
      lock table catalog.product_listing_languages in row share mode;
      update catalog.product_listing l
        set active = p.active, price = p.price, quantity = p.quantity, low_stock = p.quantity <= p.low_stock_threshold, created_at = p.created_at
        from unnest(changed) as updated (id) join catalog.products p on p.id = updated.id
        where l.product_id = p.id;
      return null;
    end $$`)
  await knex.raw(`create trigger product_listing_products after update on products
    referencing old table as old_products new table as new_products for each statement execute function product_listing_on_products()`)

  await knex.raw(`create function product_listing_on_links () returns trigger language plpgsql ${MAINTENANCE} as $$
    begin
      if tg_op = 'INSERT' then
        perform catalog.refresh_product_listing(array(select distinct product_id from new_links));
      elsif tg_op = 'DELETE' then
        perform catalog.refresh_product_listing(array(select distinct product_id from old_links));
      else
        perform catalog.refresh_product_listing(array(select product_id from new_links union select product_id from old_links));
      end if;
      return null;
    end $$`)
  await eventTriggers(knex, 'product_categories', 'product_listing_links', 'product_listing_on_links', 'links')

  await knex.raw(`create function product_listing_on_texts () returns trigger language plpgsql ${MAINTENANCE} as $$
    declare
      changed_products integer[];
      changed_languages text[];
    begin
      if tg_op = 'INSERT' then
        select array_agg(product_id), array_agg(language) into changed_products, changed_languages from new_texts;
      elsif tg_op = 'DELETE' then
        select array_agg(product_id), array_agg(language) into changed_products, changed_languages from old_texts;
      else
        select array_agg(product_id), array_agg(language) into changed_products, changed_languages
          from (select product_id, language from new_texts union select product_id, language from old_texts) changed;
      end if;
      lock table catalog.product_listing_languages in row share mode;
      update catalog.product_listing l set name_key = named.name_key
        from (
          select changed.product_id, changed.language, coalesce(lower(t.name), '') as name_key
          from unnest(changed_products, changed_languages) as changed (product_id, language)
          left join catalog.product_translations t on t.product_id = changed.product_id and t.language = changed.language
        ) named
        where l.product_id = named.product_id and l.language = named.language and l.name_key <> named.name_key;
      return null;
    end $$`)
  await eventTriggers(knex, 'product_translations', 'product_listing_texts', 'product_listing_on_texts', 'texts')

  await knex.raw(`create function product_listing_lock_paths () returns trigger language plpgsql as $$
    begin
      lock table catalog.product_listing_languages in exclusive mode;
      return new;
    end $$`)
  await knex.raw(`create trigger product_listing_lock_paths before update of path on categories
    for each row when (old.path is distinct from new.path) execute function product_listing_lock_paths()`)
  await knex.raw(`create function product_listing_on_paths () returns trigger language plpgsql ${MAINTENANCE} as $$
    begin
      perform catalog.refresh_product_listing(array(
        select distinct pc.product_id
        from (select id, path from new_categories except select id, path from old_categories) moved
        join catalog.product_categories pc on pc.category_id = moved.id));
      return null;
    end $$`)
  await knex.raw(`create trigger product_listing_paths after update on categories
    referencing old table as old_categories new table as new_categories for each statement execute function product_listing_on_paths()`)

  await knex.raw('insert into product_listing_languages (language) select code from localization.languages')
  await knex.raw('select refresh_product_listing(array(select id from products))')
  // No list ever read it: their name sort is on coalesce(lower(name), '') of an outer join, and now name_key.
  await knex.raw('drop index product_translations_name')
}

export async function down (knex: Knex): Promise<void> {
  // Dropping a trigger function drops the triggers running it.
  for (const name of ['product_listing_on_paths', 'product_listing_lock_paths', 'product_listing_on_texts', 'product_listing_on_links', 'product_listing_on_products']) {
    await knex.raw(`drop function ${name}() cascade`)
  }
  await knex.raw('drop function refresh_product_listing(integer[])')
  await knex.schema.dropTable('product_listing')
  await knex.schema.dropTable('product_listing_languages')
  await knex.raw('create index product_translations_name on product_translations (language, lower(name), product_id)')
}
