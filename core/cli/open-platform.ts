import path from 'node:path'
import { ConfigError, loadConfig, type Config } from '../config.ts'
import type { Platform } from '../platform.ts'
import { CliError, EXIT } from './command.ts'
import { lockDataFolder } from './data-folder-lock.ts'

/** Errors of a PostgreSQL server that cannot be reached or refuses the connection. */
const CONNECTION_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', '28P01', '28000', '3D000'])

/** The configuration from config/ and the environment; a bad value stops here, before anything starts. */
export function configFromEnvironment (): Config {
  try {
    return loadConfig(process.env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    const problems = error.problems.map(problem => `  ${problem.key} ${problem.message}`)
    throw new CliError(['the configuration is not valid, so nothing was started:', ...problems,
      'Fix these environment variables (defaults are in config/defaults.ts).'].join('\n'), EXIT.config)
  }
}

export interface OpenPlatform {
  platform: Platform
  /** Drains and closes the platform, then lets another process open the data folder. */
  close (): Promise<void>
}

/**
 * Opens the platform as Platform.create does (core migrations, the first SuperAdmin, first-start
 * installs), holding the data folder lock when the database is the embedded PGlite.
 */
export async function openPlatform (config: Config, logTo: 'server' | 'command'): Promise<OpenPlatform> {
  // Loaded here rather than up front: help, usage and configuration errors answer without it.
  const [{ Platform }, loggers] = await Promise.all([import('../platform.ts'), import('./logger.ts')])
  const logger = logTo === 'server' ? loggers.serverLogger(config.LOG_LEVEL) : loggers.commandLogger(config.LOG_LEVEL)
  const release = config.DATABASE_URL === undefined ? lockDataFolder(path.resolve(config.BACKROOM_DATA_DIR)) : () => {}
  let platform: Platform
  try {
    platform = await Platform.create({ config, logger })
  } catch (error) {
    release()
    const code = (error as { code?: unknown }).code
    if (config.DATABASE_URL !== undefined && typeof code === 'string' && CONNECTION_FAILURES.has(code)) {
      throw new CliError(`cannot connect to the PostgreSQL server of DATABASE_URL: ${(error as Error).message}`)
    }
    throw error
  }
  return {
    platform,
    async close () {
      try {
        await platform.close()
      } finally {
        release()
      }
    }
  }
}

/** Runs one command's work on an open platform, closed afterwards whatever happens. */
export async function withPlatform<T> (work: (platform: Platform) => Promise<T>): Promise<T> {
  const config = configFromEnvironment()
  const opened = await openPlatform(config, 'command')
  try {
    return await work(opened.platform)
  } finally {
    await opened.close()
  }
}
