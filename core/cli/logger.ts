import type { FastifyBaseLogger } from 'fastify'
import { prettyFactory } from 'pino-pretty'
import { createLogger } from '../platform.ts'

function prettyTo (stream: NodeJS.WriteStream): { write: (line: string) => void } {
  const pretty = prettyFactory({ colorize: stream.isTTY === true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' })
  // Formatted and written in the call, so nothing is lost when the process exits right after.
  return { write: line => { stream.write(pretty(line)) } }
}

/** The server's log: JSON lines for a log collector, readable lines when a person watches a terminal. */
export function serverLogger (level: string): FastifyBaseLogger {
  return process.stdout.isTTY === true ? createLogger(level, prettyTo(process.stdout)) : createLogger(level)
}

/** A one-shot command's log: readable lines on standard error, so standard output holds only its result. */
export function commandLogger (level: string): FastifyBaseLogger {
  return createLogger(level, prettyTo(process.stderr))
}
