import { CliError, commandUsage, EXIT, parseCommandArgs, UsageError, type Command } from './command.ts'
import { createEmployeeCommand } from './commands/employees.ts'
import { migrateCommand } from './commands/migrate.ts'
import { moduleCommands } from './commands/modules.ts'
import { startCommand } from './commands/start.ts'

const COMMANDS: Command[] = [startCommand, migrateCommand, ...moduleCommands, createEmployeeCommand]

/** How long the process may stay up after its command ended, held by something left open. */
const EXIT_GRACE_MS = 5000

function overview (commands: Command[]): string {
  const names = commands.map(command => [...command.words, ...(command.positionals ?? [])].join(' '))
  const width = Math.max(...names.map(name => name.length))
  const group = commands === COMMANDS ? '' : `${commands[0].words[0]} `
  return [
    `Usage: backroom ${group}<command> [options]`, '',
    'Commands:', ...commands.map((command, index) => `  ${names[index].padEnd(width)}  ${command.summary}`), '',
    'Run backroom <command> --help for its options. Configuration comes from the environment',
    '(PORT, HOST, DATABASE_URL, BACKROOM_DATA_DIR, ...: see the README); relative paths are taken',
    'from the working directory.',
    `Exit codes: ${EXIT.ok} done, ${EXIT.failure} failed, ${EXIT.usage} bad usage, ${EXIT.config} bad configuration.`
  ].join('\n')
}

/** The command the leading words name, or the commands a group word (or nothing) stands for. */
function resolve (argv: string[]): { command: Command, args: string[] } | { group: Command[] } {
  const words: string[] = []
  for (const arg of argv) {
    if (arg.startsWith('-')) break
    words.push(arg)
  }
  if (words.length === 0 || (words.length === 1 && words[0] === 'help')) return { group: COMMANDS }
  const command = COMMANDS.find(candidate => candidate.words.every((word, index) => words[index] === word))
  if (command !== undefined) return { command, args: argv.slice(command.words.length) }
  const group = COMMANDS.filter(candidate => candidate.words[0] === words[0])
  if (group.length > 0 && words.length === 1) return { group }
  throw new UsageError(`unknown command "${words.join(' ')}"\n\n${overview(group.length > 0 ? group : COMMANDS)}`)
}

async function main (argv: string[]): Promise<number> {
  const resolved = resolve(argv)
  if ('group' in resolved) {
    const asked = argv.length === 0 || argv.includes('--help') || argv.includes('-h') || argv[0] === 'help'
    if (!asked && resolved.group !== COMMANDS) throw new UsageError(`missing subcommand\n\n${overview(resolved.group)}`)
    process.stdout.write(overview(resolved.group) + '\n')
    return EXIT.ok
  }
  const input = parseCommandArgs(resolved.command, resolved.args)
  if (input === 'help') {
    process.stdout.write(commandUsage(resolved.command) + '\n')
    return EXIT.ok
  }
  return await resolved.command.run(input)
}

/** One message on standard error: the BR_* code for the platform's errors, a stack only when debugging. */
function report (error: unknown): number {
  const write = (text: string): void => { process.stderr.write(`backroom: ${text}\n`) }
  if (error instanceof UsageError) {
    write(error.command === undefined ? error.message : `${error.message}\n\n${commandUsage(error.command)}`)
  } else if (error instanceof CliError) {
    write(error.message)
  } else {
    const { code, message, stack } = error as Error & { code?: unknown }
    write(typeof code === 'string' && code.startsWith('BR_') ? `${message} (${code})` : message)
    if (['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '') && stack !== undefined) process.stderr.write(stack + '\n')
  }
  return error instanceof CliError ? error.exitCode : EXIT.failure
}

const exitCode = await main(process.argv.slice(2)).catch(report)
process.exitCode = exitCode
// Everything the command opened is closed, so the process ends now; should anything still
// hold it open, it ends anyway, saying so.
setTimeout(() => {
  process.stderr.write(`backroom: something stayed open ${EXIT_GRACE_MS} ms after the command ended; exiting anyway\n`)
  process.exit(exitCode)
}, EXIT_GRACE_MS).unref()
