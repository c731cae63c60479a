import type { Platform } from '../../platform.ts'
import { CliError, EXIT, type Command } from '../command.ts'
import { configFromEnvironment, openPlatform } from '../open-platform.ts'

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const

const LISTEN_FAILURES: Record<string, string> = {
  EADDRINUSE: 'the port is in use: stop what holds it or set PORT',
  EACCES: 'permission denied: ports below 1024 need privileges, set PORT',
  EADDRNOTAVAIL: 'this machine has no such address: check HOST'
}

/**
 * Resolves with the first stop signal. Listening from the start means a signal during boot
 * stops the server as soon as it is up; a second signal gives up on draining.
 */
function nextStopSignal (): Promise<NodeJS.Signals> {
  return new Promise(resolve => {
    let received = false
    for (const signal of STOP_SIGNALS) {
      process.on(signal, () => {
        if (received) {
          process.stderr.write(`backroom: ${signal} again, exiting without waiting for in-flight requests\n`)
          process.exit(EXIT.failure)
        }
        received = true
        resolve(signal)
      })
    }
  })
}

async function listen (platform: Platform): Promise<void> {
  try {
    await platform.listen()
  } catch (error) {
    const reason = LISTEN_FAILURES[(error as NodeJS.ErrnoException).code ?? '']
    if (reason === undefined) throw error
    throw new CliError(`cannot listen on ${platform.config.HOST}:${platform.config.PORT}: ${reason}`)
  }
}

export const startCommand: Command = {
  words: ['start'],
  summary: 'Start the HTTP server; SIGTERM or SIGINT (Ctrl-C) lets in-flight requests finish, then stops.',
  details: 'The first start creates the first SuperAdmin (from BACKROOM_ADMIN_EMAIL and BACKROOM_ADMIN_PASSWORD,\n' +
    'or with a generated password printed once) and installs the modules found (BACKROOM_AUTO_INSTALL).\n' +
    'Logs are JSON lines on standard output, readable lines when it is a terminal.',
  async run () {
    const config = configFromEnvironment()
    const stopped = nextStopSignal()
    const { platform, close } = await openPlatform(config, 'server')
    try {
      await platform.start()
      await listen(platform)
    } catch (error) {
      await close()
      throw error
    }
    const signal = await stopped
    platform.log.info({ signal }, 'shutting down: finishing in-flight requests')
    await close()
    platform.log.info('stopped')
    return EXIT.ok
  }
}
