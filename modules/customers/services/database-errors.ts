import { isUniqueViolation } from 'backroom'

/** Runs a write, answering a violation of the named unique index with the given error instead. */
export async function guardUnique<T> (constraint: string, conflict: () => Error, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (isUniqueViolation(error, constraint)) throw conflict()
    throw error
  }
}
