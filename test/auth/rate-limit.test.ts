import t from 'tap'
import { openDatabase } from '../../core/db/database.ts'
import { createTestDatabaseUrl, onPostgres } from '../helpers/database.ts'
import { ADMIN_EMAIL, ADMIN_PASSWORD, startPlatform } from '../helpers/platform.ts'
import { createStaff, login } from '../people/helpers.ts'

const PER_ACCOUNT = 3
const PER_IP = 5
const env = { BACKROOM_LOGIN_MAX_PER_ACCOUNT: String(PER_ACCOUNT), BACKROOM_LOGIN_MAX_PER_IP: String(PER_IP), BACKROOM_LOGIN_WINDOW: '900' }
const WRONG = 'not the password'

let ipSequence = 0
/** A fresh client address, so only the limit a test is about can trip. */
const nextIp = (): string => `10.0.${Math.floor(++ipSequence / 250)}.${ipSequence % 250 + 1}`

t.test('login rate limits', async t => {
  const platform = await startPlatform(t, { env })

  t.test('the attempt after the limit on one account is refused, even from other addresses and with the right password', async t => {
    const staff = await createStaff(platform)
    for (let attempt = 1; attempt <= PER_ACCOUNT; attempt++) {
      t.equal((await login(platform, { email: staff.email, password: WRONG }, nextIp())).statusCode, 401, `attempt ${attempt} is judged`)
    }
    const refused = await login(platform, { email: staff.email.toUpperCase(), password: staff.password }, nextIp())
    t.equal(refused.statusCode, 429, 'the account is counted whatever the letter case')
    t.equal(refused.json().code, 'BR_RATE_LIMITED')
  })

  t.test('the attempt after the limit from one address is refused, across accounts', async t => {
    const ip = nextIp()
    for (let attempt = 1; attempt <= PER_IP; attempt++) {
      t.equal((await login(platform, { email: `guess${attempt}@shop.test`, password: WRONG }, ip)).statusCode, 401)
    }
    const refused = await login(platform, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, ip)
    t.equal(refused.statusCode, 429)
    t.equal(refused.json().code, 'BR_RATE_LIMITED')
    t.equal((await login(platform, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, nextIp())).statusCode, 200, 'another address is unaffected')
  })

  t.test('a refusal is the one error shape, with Retry-After', async t => {
    const ip = nextIp()
    let refused
    for (let attempt = 0; attempt <= PER_IP; attempt++) refused = await login(platform, { email: `shape${attempt}@shop.test`, password: WRONG }, ip)
    t.equal(refused!.statusCode, 429)
    const body = refused!.json()
    t.same(Object.keys(body).sort(), ['code', 'error', 'message', 'statusCode'])
    t.match(body, { statusCode: 429, code: 'BR_RATE_LIMITED', error: 'Too Many Requests', message: /retry in \d+ seconds/ })
    const retryAfter = Number(refused!.headers['retry-after'])
    t.ok(retryAfter > 0 && retryAfter <= 900, `Retry-After ${retryAfter} is within the window`)
  })

  t.test('a successful login clears the account count: only consecutive failures lock it', async t => {
    const attempt = async (password: string) => (await login(platform, { email: ADMIN_EMAIL, password }, nextIp())).statusCode
    for (let round = 0; round < 2; round++) {
      for (let failure = 1; failure < PER_ACCOUNT; failure++) t.equal(await attempt(WRONG), 401)
      t.equal(await attempt(ADMIN_PASSWORD), 200, `round ${round + 1} ends with a login`)
    }
  })

  t.test('when the window is over, the count starts again', async t => {
    const email = 'window@shop.test'
    for (let attempt = 0; attempt <= PER_ACCOUNT; attempt++) await login(platform, { email, password: WRONG }, nextIp())
    t.equal((await login(platform, { email, password: WRONG }, nextIp())).statusCode, 429)
    // Ends the window now instead of waiting 15 minutes.
    await platform.database.knex.withSchema('core').from('rate_limits').where({ key: `login:account:${email}` })
      .update({ expires_at: platform.database.knex.raw(`now() - interval '1 millisecond'`) })
    t.equal((await login(platform, { email, password: WRONG }, nextIp())).statusCode, 401)
  })
})

// Several processes share one database only on PostgreSQL: PGlite lives inside one process.
if (onPostgres()) {
  t.test('two processes on one database share the counters', async t => {
    const url = (await createTestDatabaseUrl(t))!
    const first = await startPlatform(t, { env, database: await openDatabase({ url }) })
    const second = await startPlatform(t, { env, database: await openDatabase({ url }) })
    const email = 'shared@shop.test'
    for (const platform of [first, second, first]) t.equal((await login(platform, { email, password: WRONG }, nextIp())).statusCode, 401)
    t.equal((await login(second, { email, password: WRONG }, nextIp())).statusCode, 429)
  })
}
