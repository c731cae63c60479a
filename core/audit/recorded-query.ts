import { LOG_REDACT } from '../security/log-redaction.ts'

/**
 * Most a recorded query takes, as JSON in UTF-8 bytes: real filter sets are a few hundred bytes,
 * and a crafted URL of megabytes must not make every audit row that large.
 */
const MAX_QUERY_BYTES = 2048
/** A longer string value is cut to this many characters and ends with '…'. */
const MAX_VALUE_LENGTH = 200
/** Stands for the parameters that did not fit, with how many they were. */
const LEFT_OUT = '…'
/** Room kept for the `"…":n` member, so that adding it never passes the cap. */
const LEFT_OUT_ROOM = 16
const REDACTED = '[Redacted]'

/** `api_key`, `apiKey`, `APIKey` → api, key. */
function wordsOf (name: string): string[] {
  return name.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/).filter(Boolean).map(word => word.toLowerCase())
}

// What the log censors, by the last word of each path (`*.refreshToken` → token, `headers.cookie` →
// cookie), so that `api_key` and `access_token` are caught as `key` and `accessToken` are.
const SECRET_WORDS = new Set(LOG_REDACT.map(path => wordsOf(path).at(-1)))

const isSecret = (name: string): boolean => wordsOf(name).some(word => SECRET_WORDS.has(word))

/** PostgreSQL refuses NUL in text and jsonb: a `%00` in the URL would otherwise keep the request out of the audit log. */
export const storable = (text: string): string => text.replaceAll('\0', '\uFFFD')

function bounded (value: unknown): unknown {
  if (Array.isArray(value)) return value.map(bounded)
  if (typeof value !== 'string') return value
  // By code points, so a cut never splits a surrogate pair (which jsonb refuses too).
  const characters = Array.from(storable(value))
  return characters.length > MAX_VALUE_LENGTH ? characters.slice(0, MAX_VALUE_LENGTH).join('') + '…' : characters.join('')
}

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value))

/**
 * What the audit log keeps of a request's query (as validated, so with the route's coercions and
 * defaults): null when there is none; secret parameters redacted; long values cut; parameters that
 * would take it past MAX_QUERY_BYTES left out, and counted under '…'.
 */
export function recordedQuery (query: unknown): Record<string, unknown> | null {
  const parameters = Object.entries((query ?? {}) as Record<string, unknown>)
  if (parameters.length === 0) return null
  const kept: Array<[string, unknown]> = []
  let size = jsonBytes({})
  for (const [name, value] of parameters) {
    const parameter: [string, unknown] = [storable(name), isSecret(name) ? REDACTED : bounded(value)]
    // `"name":value` plus the comma before the next one.
    const cost = jsonBytes(parameter[0]) + 1 + jsonBytes(parameter[1]) + 1
    if (size + cost > MAX_QUERY_BYTES - LEFT_OUT_ROOM) continue
    kept.push(parameter)
    size += cost
  }
  const leftOut = parameters.length - kept.length
  // fromEntries, not assignment: a parameter named __proto__ stays a parameter.
  return Object.fromEntries(leftOut === 0 ? kept : [...kept, [LEFT_OUT, leftOut]])
}
