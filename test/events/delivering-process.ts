/**
 * A platform process for crash.test.ts, configured by the environment alone: it creates one
 * thing per label of EVENT_LABELS through the events_source module, then delivers events until
 * it is killed (or its standard input ends, so it never outlives its parent). Logs go to
 * standard output as JSON lines.
 */
import path from 'node:path'
import { loadConfig } from '../../core/config.ts'
import { signAccessToken } from '../../core/people/access-tokens.ts'
import { Platform } from '../../core/platform.ts'

const config = loadConfig()
const platform = await Platform.create({
  config,
  moduleRoots: (config.BACKROOM_MODULE_PATHS ?? '').split(path.delimiter).filter(Boolean),
  announce: message => process.stderr.write(message + '\n')
})
await platform.start()
process.stdin.on('end', () => { void platform.close().then(() => process.exit(0)) })
process.stdin.resume()

const admin = await platform.db.knex.withSchema('core').from('employees').orderBy('id').first('id')
const created = await platform.app.inject({
  method: 'POST',
  url: '/api/events_source/things',
  headers: { authorization: `Bearer ${signAccessToken(platform.app, admin.id)}` },
  payload: { labels: JSON.parse(process.env.EVENT_LABELS ?? '[]') }
})
platform.log.info({ statusCode: created.statusCode }, 'things created')
