import createError, { type FastifyErrorConstructor } from '@fastify/error'

export interface ErrorDefinition {
  /** HTTP status the error answers with. */
  status: number
  /** Message template; `%s` placeholders take the constructor's arguments in order. */
  message: string
  /** What the error means and what to do about it, for the error catalogue. */
  description: string
}

export type ErrorCatalog = Record<`BR_${string}`, ErrorDefinition>

export type BackroomErrorConstructor = FastifyErrorConstructor<{ code: string }, unknown[]>

export type ErrorConstructors<C extends ErrorCatalog> = { [K in keyof C]: BackroomErrorConstructor }

/** Every catalogue defined in this process, keyed by its owner (`core` or a module name). */
export const errorCatalogs = new Map<string, ErrorCatalog>()

/**
 * Turns a catalogue of BR_* codes into @fastify/error constructors. Each code is defined once,
 * in its owner's errors.ts; the catalogue also feeds the error documentation.
 */
export function defineErrors<C extends ErrorCatalog> (owner: string, catalog: C): ErrorConstructors<C> {
  errorCatalogs.set(owner, catalog)
  const constructors: Record<string, BackroomErrorConstructor> = {}
  for (const [code, definition] of Object.entries(catalog)) {
    constructors[code] = createError(code, definition.message, definition.status) as BackroomErrorConstructor
  }
  return constructors as ErrorConstructors<C>
}

/** An error that carries machine-readable details (field paths, names) into the response. */
export function withDetails<E extends Error> (error: E, details: unknown): E & { details: unknown } {
  return Object.assign(error, { details })
}
