import t from 'tap'
import { Secret, TOTP } from 'otpauth'
import { startPlatform } from '../helpers/platform.ts'
import { createStaff, login, type Staff } from '../people/helpers.ts'

const STEP_MS = 30_000

/** The code an authenticator app shows for this secret, now or some steps away. */
const codeFor = (secret: string, steps = 0): string => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + steps * STEP_MS })

/** A code for the secret that is valid at no step near now. */
function wrongCodeFor (secret: string): string {
  const near = new Set([-1, 0, 1].map(steps => codeFor(secret, steps)))
  for (let candidate = 0; ; candidate++) {
    const code = String(candidate).padStart(6, '0')
    if (!near.has(code)) return code
  }
}

t.test('TOTP two-factor authentication', async t => {
  const platform = await startPlatform(t)
  const post = async (staff: Staff, url: string, payload?: object) => await staff.inject({ method: 'POST', url, ...(payload === undefined ? {} : { payload }) })
  /** A staff member with 2FA on, and its secret. */
  async function withTwoFactor (): Promise<{ staff: Staff, secret: string }> {
    const staff = await createStaff(platform)
    const { secret } = (await post(staff, '/api/me/2fa/enroll')).json()
    const confirmed = await post(staff, '/api/me/2fa/confirm', { code: codeFor(secret) })
    if (confirmed.statusCode !== 204) throw new Error(confirmed.body)
    return { staff, secret }
  }

  t.test('enrolment gives a secret and an otpauth URL, and stays pending until confirmed', async t => {
    const staff = await createStaff(platform)
    const enrolled = await post(staff, '/api/me/2fa/enroll')
    t.equal(enrolled.statusCode, 200)
    const { secret, otpauthUrl } = enrolled.json()
    t.match(secret, /^[A-Z2-7]{32}$/)
    t.match(otpauthUrl, /^otpauth:\/\/totp\/Backroom:.+\?.*secret=/)
    t.ok(otpauthUrl.includes(`secret=${secret}`))
    t.equal((await login(platform, { email: staff.email, password: staff.password })).statusCode, 200, 'login needs no code while pending')
    t.equal((await staff.inject({ url: '/api/me' })).json().totpEnabled, false)
  })

  t.test('the secret is stored sealed and never shown again', async t => {
    const staff = await createStaff(platform)
    const { secret } = (await post(staff, '/api/me/2fa/enroll')).json()
    const stored = await platform.database.knex.withSchema('core').from('employees').where({ id: staff.id }).first('totp_secret')
    t.match(stored.totp_secret, /^v1\./, 'sealed')
    t.notOk(stored.totp_secret.includes(secret))
    for (const url of ['/api/me', `/api/employees/${staff.id}`]) {
      const body = (await platform.asAdmin({ url })).body
      t.notOk(body.includes(secret), `${url} does not show it`)
    }
  })

  t.test('a wrong code does not confirm (403 BR_REAUTHENTICATION_FAILED), the right one turns 2FA on', async t => {
    const staff = await createStaff(platform)
    const { secret } = (await post(staff, '/api/me/2fa/enroll')).json()
    const wrong = await post(staff, '/api/me/2fa/confirm', { code: wrongCodeFor(secret) })
    t.equal(wrong.statusCode, 403)
    t.equal(wrong.json().code, 'BR_REAUTHENTICATION_FAILED')
    t.equal((await post(staff, '/api/me/2fa/confirm', { code: codeFor(secret) })).statusCode, 204)
    t.equal((await staff.inject({ url: '/api/me' })).json().totpEnabled, true)
  })

  t.test('confirming with nothing enrolled, and enrolling again while on, are 409 BR_TOTP_STATE', async t => {
    const fresh = await createStaff(platform)
    const early = await post(fresh, '/api/me/2fa/confirm', { code: '123456' })
    t.equal(early.statusCode, 409)
    t.equal(early.json().code, 'BR_TOTP_STATE')
    const { staff } = await withTwoFactor()
    const again = await post(staff, '/api/me/2fa/enroll')
    t.equal(again.statusCode, 409)
    t.equal(again.json().code, 'BR_TOTP_STATE')
  })

  t.test('with 2FA on, login asks for the code: missing is BR_TOTP_REQUIRED, wrong is BR_TOTP_INVALID', async t => {
    const { staff, secret } = await withTwoFactor()
    const missing = await login(platform, { email: staff.email, password: staff.password })
    t.equal(missing.statusCode, 401)
    t.equal(missing.json().code, 'BR_TOTP_REQUIRED')
    const wrong = await login(platform, { email: staff.email, password: staff.password, totp: wrongCodeFor(secret) })
    t.equal(wrong.statusCode, 401)
    t.equal(wrong.json().code, 'BR_TOTP_INVALID')
    const badPassword = await login(platform, { email: staff.email, password: 'not the password' })
    t.equal(badPassword.json().code, 'BR_INVALID_CREDENTIALS', 'the 2FA question comes only after the right password')
  })

  t.test('login accepts the code of the next time step (clock drift) and then not that code again', async t => {
    const { staff, secret } = await withTwoFactor()
    const code = codeFor(secret, 1)
    const accepted = await login(platform, { email: staff.email, password: staff.password, totp: code })
    t.equal(accepted.statusCode, 200)
    const replayed = await login(platform, { email: staff.email, password: staff.password, totp: code })
    t.equal(replayed.statusCode, 401)
    t.equal(replayed.json().code, 'BR_TOTP_INVALID', 'a code works once')
  })

  t.test('a code from further than one step away is refused', async t => {
    const { staff, secret } = await withTwoFactor()
    const far = codeFor(secret, 3)
    const response = await login(platform, { email: staff.email, password: staff.password, totp: far })
    t.equal(response.json().code, 'BR_TOTP_INVALID')
  })

  t.test('disabling with the password turns 2FA off', async t => {
    const { staff } = await withTwoFactor()
    const wrong = await post(staff, '/api/me/2fa/disable', { password: 'not the password' })
    t.equal(wrong.statusCode, 403)
    t.equal(wrong.json().code, 'BR_REAUTHENTICATION_FAILED')
    t.equal((await post(staff, '/api/me/2fa/disable', { password: staff.password })).statusCode, 204)
    t.equal((await login(platform, { email: staff.email, password: staff.password })).statusCode, 200, 'login needs no code any more')
    const stored = await platform.database.knex.withSchema('core').from('employees').where({ id: staff.id }).first('totp_secret', 'totp_enabled')
    t.same(stored, { totp_secret: null, totp_enabled: false }, 'the secret is gone')
  })

  t.test('disabling with a fresh code turns 2FA off', async t => {
    const { staff, secret } = await withTwoFactor()
    t.equal((await post(staff, '/api/me/2fa/disable', { code: codeFor(secret, 1) })).statusCode, 204)
    t.equal((await staff.inject({ url: '/api/me' })).json().totpEnabled, false)
  })

  t.test('disabling needs exactly one proof, and 2FA must be on', async t => {
    const { staff } = await withTwoFactor()
    const neither = await post(staff, '/api/me/2fa/disable', {})
    t.equal(neither.statusCode, 400)
    t.equal(neither.json().code, 'BR_VALIDATION')
    const both = await post(staff, '/api/me/2fa/disable', { code: '123456', password: staff.password })
    t.equal(both.statusCode, 400)
    const off = await createStaff(platform)
    const notOn = await post(off, '/api/me/2fa/disable', { password: off.password })
    t.equal(notOn.statusCode, 409)
    t.equal(notOn.json().code, 'BR_TOTP_STATE')
  })

  t.test('a code that is not 6 digits is 400 BR_VALIDATION on body/code', async t => {
    const staff = await createStaff(platform)
    const response = await post(staff, '/api/me/2fa/confirm', { code: 'abc' })
    t.equal(response.statusCode, 400)
    t.equal(response.json().details[0].path, 'body/code')
  })
})
