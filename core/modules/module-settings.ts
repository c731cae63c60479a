import type { TObject } from 'typebox'
import Value from 'typebox/value'
import type { SecretBox } from '../security/secret-box.ts'

/** Stored form of a secret field: sealed, so the database never holds it in clear. */
interface SealedField { $sealed: string }

const isSealed = (value: unknown): value is SealedField =>
  typeof value === 'object' && value !== null && typeof (value as SealedField).$sealed === 'string'

export function secretFields (schema: TObject): string[] {
  return Object.entries(schema.properties as Record<string, { secret?: boolean }>)
    .filter(([, property]) => property.secret === true)
    .map(([key]) => key)
}

/** Settings as sent to an admin: the values the module runs with, secret fields left out, with whether each one is set. */
export function publicSettings (schema: TObject, stored: Record<string, unknown>): { values: Record<string, unknown>, secrets: Record<string, boolean> } {
  const secrets = secretFields(schema)
  const effective = Value.Default(schema, { ...stored }) as Record<string, unknown>
  const values = Object.fromEntries(Object.entries(effective).filter(([key]) => !secrets.includes(key)))
  return { values, secrets: Object.fromEntries(secrets.map(key => [key, stored[key] !== undefined])) }
}

/** Settings as the module reads them: secret fields opened. */
export function openSettings (schema: TObject | undefined, stored: Record<string, unknown>, box: SecretBox): Record<string, unknown> {
  const opened: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(stored)) opened[key] = openSealedValue(value, box)
  return schema === undefined ? opened : Value.Default(schema, opened) as Record<string, unknown>
}

export interface SettingsProblem { path: string, message: string }

/** Field paths as the HTTP validation errors give them (`body/<field>`), a missing field included. */
function settingsProblems (schema: TObject, candidate: Record<string, unknown>): SettingsProblem[] {
  return [...Value.Errors(schema, candidate)].flatMap(error => {
    const missing = error.keyword === 'required' ? (error.params as { requiredProperties?: string[] }).requiredProperties ?? [] : []
    if (missing.length > 0) return missing.map(key => ({ path: `body/${key}`, message: 'is required' }))
    return [{ path: `body${error.instancePath}`, message: error.message }]
  })
}

/**
 * Applies an admin's update: non-secret fields are replaced by the body; a secret field keeps its
 * stored value when left out and is cleared by null. Returns the stored form or the problems found.
 */
export function updateSettings (schema: TObject, stored: Record<string, unknown>, body: Record<string, unknown>, box: SecretBox):
{ stored: Record<string, unknown> } | { problems: SettingsProblem[] } {
  const secrets = secretFields(schema)
  const unknown = Object.keys(body).filter(key => !(key in schema.properties))
  if (unknown.length > 0) return { problems: unknown.map(key => ({ path: `body/${key}`, message: 'is not a setting of this module' })) }
  const current = openSettings(undefined, stored, box)
  const next: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(body)) if (value !== null || !secrets.includes(key)) next[key] = value
  for (const key of secrets) if (!(key in body) && current[key] !== undefined) next[key] = current[key]
  const candidate = Value.Default(schema, Value.Clone(next)) as Record<string, unknown>
  const problems = settingsProblems(schema, candidate)
  if (problems.length > 0) return { problems }
  const sealed: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(next)) sealed[key] = secrets.includes(key) ? { $sealed: box.seal(JSON.stringify(value)) } : value
  return { stored: sealed }
}

function openSealedValue (value: unknown, box: SecretBox): unknown {
  return isSealed(value) ? JSON.parse(box.open(value.$sealed)) : value
}
