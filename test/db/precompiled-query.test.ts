import t from 'tap'
import type { Knex } from 'knex'
import { precompiledQuery } from '../../core/db/precompiled-query.ts'
import { openTestDatabase } from '../helpers/database.ts'

interface Note { id: number, topic: string, body: string, written_at: Date }

async function notesTable (t: Parameters<typeof openTestDatabase>[0]): Promise<Knex> {
  const { knex } = await openTestDatabase(t)
  await knex.schema.createTable('notes', table => {
    table.bigIncrements('id')
    table.text('topic').notNullable()
    table.text('body').notNullable()
    table.timestamp('written_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex('notes').insert([{ topic: 'stock', body: 'first' }, { topic: 'stock', body: 'second' }, { topic: 'prices', body: 'third' }])
  return knex
}

const notesOfTopic = precompiledQuery<[topic: string, after: number], Note>((db, topic, after) =>
  db('notes').where({ topic }).where('id', '>', after).orderBy('id').limit(10).select('*'))

t.test('each run puts its own values where the stand-ins were bound, and keeps the constants', async t => {
  const knex = await notesTable(t)
  t.same((await notesOfTopic(knex, 'stock', 0)).map(note => note.body), ['first', 'second'])
  t.same((await notesOfTopic(knex, 'stock', 1)).map(note => note.body), ['second'])
  t.same((await notesOfTopic(knex, 'prices', 0)).map(note => note.body), ['third'])
})

t.test('the rows are those knex returns for the same query, values parsed alike', async t => {
  const knex = await notesTable(t)
  const rows = await notesOfTopic(knex, 'stock', 0)
  t.same(rows, await knex('notes').where({ topic: 'stock' }).where('id', '>', 0).orderBy('id').limit(10).select('*'))
  t.type(rows[0].id, 'number')
  t.ok(rows[0].written_at instanceof Date)
})

t.test('given a transaction, it runs inside it', async t => {
  const knex = await notesTable(t)
  await knex.transaction(async trx => {
    await trx('notes').insert({ topic: 'returns', body: 'not committed yet' })
    t.same((await notesOfTopic(trx, 'returns', 0)).map(note => note.body), ['not committed yet'], 'the transaction sees its own row')
  })
  const rolledBack = knex.transaction(async trx => {
    await trx('notes').insert({ topic: 'refunds', body: 'rolled back' })
    t.equal((await notesOfTopic(trx, 'refunds', 0)).length, 1)
    throw new Error('roll back')
  })
  await t.rejects(rolledBack, /roll back/)
  t.same(await notesOfTopic(knex, 'refunds', 0), [], 'what the transaction wrote and read is gone with it')
})

t.test('knex\'s query event reports the SQL and values of each run', async t => {
  const knex = await notesTable(t)
  const seen: Array<{ sql: string, bindings: unknown[] }> = []
  const watch = (query: { sql: string, bindings: unknown[] }): void => { seen.push({ sql: query.sql, bindings: query.bindings }) }
  knex.on('query', watch)
  t.teardown(() => { knex.off('query', watch) })
  await notesOfTopic(knex, 'prices', 2)
  t.equal(seen.length, 1)
  t.match(seen[0].sql, /from "notes" where "topic" = \$1 and "id" > \$2 order by "id" asc limit \$3/)
  t.same(seen[0].bindings, ['prices', 2, 10])
})

t.test('a value the query does not bind is refused, naming the SQL', async t => {
  const knex = await notesTable(t)
  const ignoresItsValue = precompiledQuery<[topic: string]>(db => db('notes').select('id'))
  await t.rejects(ignoresItsValue(knex, 'stock'), { message: /value 1 of 1 is not one of the query's bindings: select "id" from "notes"/ })
})
