import { existsSync } from 'node:fs'
import t from 'tap'
import { ConfigError, loadConfig } from '../../core/config.ts'
import { cliSetup, runCli } from '../cli/cli-process.ts'

function problemsOf (env: Record<string, string>): Array<{ key: string, message: string }> {
  try {
    loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  throw new Error('the configuration was accepted')
}

t.test('defaults apply when a variable is unset or empty', async t => {
  const config = loadConfig({ PORT: '', LOG_LEVEL: undefined })
  t.match(config, { PORT: 3000, HOST: '127.0.0.1', LOG_LEVEL: 'info', BACKROOM_DATA_DIR: './data', BACKROOM_AUTO_INSTALL: 'true', MAIL_FROM: 'Backroom <no-reply@backroom.local>' })
  t.equal(config.DATABASE_URL, undefined, 'no DATABASE_URL: embedded PGlite')
  t.equal(config.SMTP_URL, undefined, 'no SMTP_URL: mail written as files')
})

t.test('each bad value is named with what is wrong and the value given', async t => {
  t.same(problemsOf({ PORT: 'abc' }), [{ key: 'PORT', message: 'must be integer (got "abc")' }])
  t.same(problemsOf({ PORT: '70000' }), [{ key: 'PORT', message: 'must be <= 65535 (got 70000)' }])
  t.same(problemsOf({ LOG_LEVEL: 'loud' }), [{ key: 'LOG_LEVEL', message: 'must be one of fatal, error, warn, info, debug, trace, silent (got "loud")' }])
  t.same(problemsOf({ BACKROOM_AUTO_INSTALL: 'yes' }), [{ key: 'BACKROOM_AUTO_INSTALL', message: 'must be one of true, false (got "yes")' }])
  t.same(problemsOf({ MAIL_FROM: '   ' }), [{ key: 'MAIL_FROM', message: 'must match pattern "\\S" (got "   ")' }], 'a sender of blanks only')
  t.same(problemsOf({ PORT: 'abc', LOG_LEVEL: 'loud' }).map(problem => problem.key).sort(), ['LOG_LEVEL', 'PORT'], 'every bad key at once')
})

t.test('a bad secret, password or connection string is named but its value never shown', async t => {
  const env = {
    DATABASE_URL: 'mysql://root:hunter2hunter2@db.example/shop',
    BACKROOM_SECRET: 'short-secret-hunter2',
    BACKROOM_ADMIN_PASSWORD: 'hunter2',
    SMTP_URL: 'http://mail:hunter2@mail.example'
  }
  const problems = problemsOf(env)
  t.same(problems.map(problem => problem.key).sort(), ['BACKROOM_ADMIN_PASSWORD', 'BACKROOM_SECRET', 'DATABASE_URL', 'SMTP_URL'])
  for (const problem of problems) t.match(problem.message, /\(value hidden\)$/, problem.key)
  t.notMatch(JSON.stringify(problems), /hunter2/)
})

t.test('an SMTP_URL must be an smtp: or smtps: URL whose credentials are percent-encoded', async t => {
  t.same(problemsOf({ SMTP_URL: 'mail.example:587' }), [{ key: 'SMTP_URL', message: 'must match pattern "^smtps?://" (value hidden)' }], 'no scheme')
  t.same(problemsOf({ SMTP_URL: 'smtp://shop:hunter2@home@mail.example:587' }), [{ key: 'SMTP_URL', message: 'must match format "uri" (value hidden)' }],
    'an @ left unencoded in the password')
  t.equal(loadConfig({ SMTP_URL: 'smtps://shop:hunter2%40home@mail.example:465?pool=true' }).SMTP_URL, 'smtps://shop:hunter2%40home@mail.example:465?pool=true')
})

t.test('the CLI stops on a bad configuration before starting anything: exit 78, every key named, no stack trace, no secret', async t => {
  const setup = await cliSetup(t, { env: { PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://root:hunter2hunter2@db.example/shop' } })
  for (const command of [['start'], ['migrate'], ['modules', 'list']]) {
    const result = await runCli(setup, command)
    t.equal(result.code, 78, `${command.join(' ')} exits with 78`)
    t.match(result.stderr, /configuration is not valid, so nothing was started/)
    t.match(result.stderr, /PORT must be integer \(got "abc"\)/)
    t.match(result.stderr, /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent \(got "loud"\)/)
    t.match(result.stderr, /DATABASE_URL must match pattern .* \(value hidden\)/)
    t.notMatch(result.stderr, /hunter2/)
    t.notMatch(result.stderr, /^\s+at /m, 'no stack trace')
    t.equal(result.stdout, '')
  }
  t.notOk(existsSync(setup.dataDir), 'no data folder was created')
})
