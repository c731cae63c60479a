import Value from 'typebox/value'
import { ConfigSchema, type Config } from '../config/schema.ts'
import { configDefaults } from '../config/defaults.ts'

export type { Config }

export interface ConfigProblem { key: string, message: string }

export class ConfigError extends Error {
  readonly problems: ConfigProblem[]
  constructor (problems: ConfigProblem[]) {
    super('Invalid configuration: ' + problems.map(p => `${p.key} ${p.message}`).join('; '))
    this.name = 'ConfigError'
    this.problems = problems
  }
}

/** Keys whose values may hold credentials: an error names them but never echoes the value. */
const SENSITIVE_KEY = /SECRET|PASSWORD|_URL$/

function describeAllowed (key: string): string | undefined {
  const schema = (ConfigSchema.properties as Record<string, { anyOf?: Array<{ const?: unknown }> }>)[key]
  return schema?.anyOf?.map(option => String(option.const)).join(', ')
}

/** Defaults from config/, overridden by the environment; throws ConfigError naming each bad key. */
export function loadConfig (env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = { ...configDefaults }
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key]
    if (value !== undefined && value !== '') raw[key] = value
  }
  const converted = Value.Convert(ConfigSchema, raw)
  const problems = new Map<string, string>()
  for (const error of Value.Errors(ConfigSchema, converted)) {
    const key = error.instancePath.replace(/^\//, '')
    if (problems.has(key)) continue
    const allowed = describeAllowed(key)
    const reason = allowed === undefined ? error.message : `must be one of ${allowed}`
    const shown = SENSITIVE_KEY.test(key) ? 'value hidden' : `got ${JSON.stringify(raw[key])}`
    problems.set(key, `${reason} (${shown})`)
  }
  if (problems.size > 0) throw new ConfigError([...problems].map(([key, message]) => ({ key, message })))
  return converted as Config
}
