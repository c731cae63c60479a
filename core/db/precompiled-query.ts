import type { Knex } from 'knex'

/** Stands for the query's parameter at `index` while knex compiles it: where it lands among the bindings is where the value goes. */
class QueryParameter {
  constructor (readonly index: number) {}
}

interface CompiledQuery { sql: string, bindings: unknown[] }

/** The connection a knex client hands out: pg's Client and PGlite both answer `query(text, values)`. */
interface DriverConnection { query: (sql: string, values: unknown[]) => Promise<{ rows: unknown[] }> }

export type PrecompiledQuery<Values extends unknown[], Row> = (db: Knex, ...values: Values) => Promise<Row[]>

/**
 * A read that a hot path runs on every request, its SQL built by knex once, at the first run,
 * and afterwards run straight on a connection of the pool or transaction it is given. Building a
 * query and going through knex's runner cost about as much CPU as PostgreSQL's own round trip
 * for a read by key; this pays for neither. The rows are those knex would return for the same
 * SQL, from the same connection; knex's `query` event is still emitted, for those who watch the
 * SQL a request runs.
 *
 * `build` receives stand-ins for the values, each of which must reach knex as exactly one
 * binding (a `where` value, not a list for `whereIn`), and must build the same SQL whatever they
 * are: no branching on them.
 */
export function precompiledQuery<Values extends unknown[], Row = Record<string, any>> (build: (db: Knex, ...values: Values) => Knex.QueryBuilder | Knex.Raw): PrecompiledQuery<Values, Row> {
  let compiled: CompiledQuery | undefined
  return async (db, ...values) => {
    compiled ??= compile(db, build, values.length)
    const bindings = compiled.bindings.map(binding => binding instanceof QueryParameter ? values[binding.index] : binding)
    return await runOn(db, compiled.sql, bindings) as Row[]
  }
}

function compile<Values extends unknown[]> (db: Knex, build: (db: Knex, ...values: Values) => Knex.QueryBuilder | Knex.Raw, count: number): CompiledQuery {
  const parameters = Array.from({ length: count }, (_, index) => new QueryParameter(index))
  const { sql, bindings } = build(db, ...parameters as unknown as Values).toSQL().toNative()
  const bound = new Set(bindings.flatMap(binding => binding instanceof QueryParameter ? [binding.index] : []))
  const unbound = parameters.find(parameter => !bound.has(parameter.index))
  if (unbound !== undefined) throw new Error(`precompiledQuery: value ${unbound.index + 1} of ${count} is not one of the query's bindings: ${sql}`)
  return { sql, bindings: [...bindings] }
}

/** A transaction's client hands out the transaction's connection and takes it back as a no-op, so the query runs inside it. */
async function runOn (db: Knex, sql: string, bindings: unknown[]): Promise<unknown[]> {
  const client = db.client as Knex.Client
  const connection = await client.acquireConnection() as DriverConnection
  try {
    client.emit('query', { sql, bindings, method: 'select' })
    return (await connection.query(sql, bindings)).rows
  } finally {
    await client.releaseConnection(connection)
  }
}
