import type { Knex } from 'knex'

// Runs with search_path set to the orders schema: unqualified names land there.

/**
 * The version of the state list (states, their names, their transitions): every statement that
 * writes one of those tables gives it a new value, in the writer's transaction, so a process
 * caching the list sees it is stale by reading one row. Values come from a sequence, which never
 * hands out a value twice, so a version written by a transaction that rolled back never names
 * another list later.
 */
export async function up (knex: Knex): Promise<void> {
  await knex.raw('create sequence state_list_versions')
  await knex.schema.createTable('state_list_version', table => {
    table.bigInteger('version').notNullable()
  })
  await knex.raw("insert into state_list_version (version) values (nextval('state_list_versions'))")
  // `set search_path from current` pins the orders schema for when a trigger runs in any session.
  await knex.raw(`
    create function state_list_changed() returns trigger language plpgsql set search_path from current as $$
    begin
      update state_list_version set version = nextval('state_list_versions');
      return null;
    end
    $$`)
  for (const table of ['states', 'state_translations', 'state_transitions']) {
    await knex.raw(`create trigger ${table}_list_version after insert or update or delete or truncate on ${table} for each statement execute function state_list_changed()`)
  }
}

export async function down (knex: Knex): Promise<void> {
  for (const table of ['states', 'state_translations', 'state_transitions']) await knex.raw(`drop trigger if exists ${table}_list_version on ${table}`)
  await knex.raw('drop function if exists state_list_changed()')
  await knex.schema.dropTableIfExists('state_list_version')
  await knex.raw('drop sequence if exists state_list_versions')
}
