interface PostgresError { code?: unknown, constraint?: unknown }

function violates (error: unknown, sqlState: string, constraint: string): boolean {
  const { code, constraint: name } = (error ?? {}) as PostgresError
  return code === sqlState && name === constraint
}

/** Whether a database error is a violation of the named unique constraint or index. */
export function isUniqueViolation (error: unknown, constraint: string): boolean {
  return violates(error, '23505', constraint)
}

/** Whether a database error is a violation of the named foreign key. */
export function isForeignKeyViolation (error: unknown, constraint: string): boolean {
  return violates(error, '23503', constraint)
}
