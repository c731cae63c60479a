import { parseArgs } from 'node:util'

/** Exit codes of the CLI; 78 is EX_CONFIG of sysexits.h. */
export const EXIT = { ok: 0, failure: 1, usage: 2, config: 78 } as const

export interface OptionSpec {
  description: string
  /** Placeholder shown in the usage, e.g. `<email>`. */
  value: string
  required?: boolean
}

export interface CommandInput {
  positionals: string[]
  options: Record<string, string | undefined>
}

export interface Command {
  /** The words naming the command, e.g. ['modules', 'install']. */
  words: string[]
  summary: string
  /** Names of the positional arguments, each required, e.g. ['<name>']. */
  positionals?: string[]
  options?: Record<string, OptionSpec>
  /** More about the command, shown by --help under the usage. */
  details?: string
  /** Returns the exit code. */
  run (input: CommandInput): Promise<number>
}

/** A failure the CLI explains in one message, without a stack trace. */
export class CliError extends Error {
  constructor (message: string, readonly exitCode: number = EXIT.failure) {
    super(message)
    this.name = 'CliError'
  }
}

export class UsageError extends CliError {
  constructor (message: string, readonly command?: Command) {
    super(message, EXIT.usage)
    this.name = 'UsageError'
  }
}

/** Parses a command's arguments, or returns 'help' when --help was asked for. */
export function parseCommandArgs (command: Command, args: string[]): CommandInput | 'help' {
  const optionSpecs = command.options ?? {}
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(Object.keys(optionSpecs).map(name => [name, { type: 'string' as const }]))
      }
    })
  } catch (error) {
    throw new UsageError((error as Error).message, command)
  }
  if (parsed.values.help === true) return 'help'
  const expected = command.positionals ?? []
  if (parsed.positionals.length !== expected.length) {
    const problem = parsed.positionals.length < expected.length ? `missing ${expected.slice(parsed.positionals.length).join(' ')}` : `unexpected argument ${parsed.positionals[expected.length]}`
    throw new UsageError(problem, command)
  }
  const options: Record<string, string | undefined> = {}
  for (const [name, spec] of Object.entries(optionSpecs)) {
    const value = (parsed.values as Record<string, string | boolean | undefined>)[name]
    if (typeof value === 'string') options[name] = value
    else if (spec.required === true) throw new UsageError(`missing --${name} ${spec.value}`, command)
  }
  return { positionals: parsed.positionals, options }
}

export function commandUsage (command: Command): string {
  const options = Object.entries(command.options ?? {})
  const synopsis = [
    'backroom', ...command.words, ...(command.positionals ?? []),
    ...options.map(([name, spec]) => spec.required === true ? `--${name} ${spec.value}` : `[--${name} ${spec.value}]`)
  ].join(' ')
  const lines = [`Usage: ${synopsis}`, '', command.summary]
  if (command.details !== undefined) lines.push('', command.details)
  if (options.length > 0) {
    const labels = options.map(([name, spec]) => `--${name} ${spec.value}`)
    const width = Math.max(...labels.map(label => label.length))
    lines.push('', 'Options:', ...options.map(([, spec], index) => `  ${labels[index].padEnd(width)}  ${spec.description}`))
  }
  return lines.join('\n')
}
