import type { Knex } from 'knex'
import { Secret, TOTP } from 'otpauth'
import { coreErrors } from '../errors/index.ts'
import { SecretBox } from '../security/secret-box.ts'
import type { AccessChanges } from './access-changes.ts'
import { EmployeeRepository, type EmployeeRow } from './employee-repository.ts'
import { verifyPassword } from './passwords.ts'

const ISSUER = 'Backroom'
/** A code of the previous or next 30-second step is accepted too: phone clocks drift. */
const STEP_WINDOW = 1

export interface TotpEnrolment {
  /** Base32, for authenticator apps that take the secret typed in. */
  secret: string
  otpauthUrl: string
}

/** What proves the caller may turn 2FA off: a current code, or the account password. */
export type DisableProof = { code: string } | { password: string }

/**
 * TOTP two-factor authentication. The secret is stored sealed and stays pending until a first code
 * confirms it; each accepted code's time step is recorded, so no code works twice.
 */
export class TwoFactorService {
  readonly #box: SecretBox
  readonly #employees: EmployeeRepository

  constructor (knex: Knex, private readonly changes: AccessChanges, platformSecret: string) {
    this.#box = new SecretBox(platformSecret, 'totp')
    this.#employees = new EmployeeRepository(knex)
  }

  /** A new pending secret, replacing one not yet confirmed; refused while 2FA is on. */
  async enrol (employeeId: number): Promise<TotpEnrolment> {
    return await this.changes.run(`employee:${employeeId}`, async trx => {
      const row = await this.lockEmployee(employeeId, trx)
      if (row.totp_enabled) throw new coreErrors.BR_TOTP_STATE('Two-factor authentication is already on: disable it first')
      const secret = new Secret({ size: 20 })
      await this.#employees.setTotp(employeeId, { sealedSecret: this.#box.seal(secret.base32), enabled: false, lastStep: null }, trx)
      return { secret: secret.base32, otpauthUrl: new TOTP({ issuer: ISSUER, label: row.email, secret }).toString() }
    })
  }

  /** Turns 2FA on with a first code from the pending secret. */
  async confirm (employeeId: number, code: string): Promise<void> {
    await this.changes.run(`employee:${employeeId}`, async trx => {
      const row = await this.lockEmployee(employeeId, trx)
      if (row.totp_enabled) throw new coreErrors.BR_TOTP_STATE('Two-factor authentication is already on')
      if (row.totp_secret === null) throw new coreErrors.BR_TOTP_STATE('No two-factor enrolment is pending: enrol first')
      const step = this.matchingStep(row.totp_secret, code)
      if (step === undefined) throw new coreErrors.BR_REAUTHENTICATION_FAILED()
      await this.#employees.setTotp(employeeId, { sealedSecret: row.totp_secret, enabled: true, lastStep: step }, trx)
    })
  }

  async disable (employeeId: number, proof: DisableProof): Promise<void> {
    await this.changes.run(`employee:${employeeId}`, async trx => {
      const row = await this.lockEmployee(employeeId, trx)
      if (!row.totp_enabled) throw new coreErrors.BR_TOTP_STATE('Two-factor authentication is not on')
      const proven = 'code' in proof ? await this.accept(row, proof.code, trx) : await verifyPassword(row.password_hash, proof.password)
      if (!proven) throw new coreErrors.BR_REAUTHENTICATION_FAILED()
      await this.#employees.setTotp(employeeId, { sealedSecret: null, enabled: false, lastStep: null }, trx)
    })
  }

  /** Whether the code is valid for the employee's secret and its time step was not used before. */
  async accept (row: EmployeeRow, code: string, trx?: Knex): Promise<boolean> {
    if (row.totp_secret === null) return false
    const step = this.matchingStep(row.totp_secret, code)
    return step !== undefined && await this.#employees.acceptTotpStep(row.id, step, trx)
  }

  private matchingStep (sealedSecret: string, code: string): number | undefined {
    const now = Date.now()
    const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(this.#box.open(sealedSecret)), window: STEP_WINDOW, timestamp: now })
    return delta === null ? undefined : TOTP.counter({ timestamp: now }) + delta
  }

  private async lockEmployee (employeeId: number, trx: Knex.Transaction): Promise<EmployeeRow> {
    const row = await this.#employees.lockRow(employeeId, trx)
    if (row === undefined) throw new coreErrors.BR_EMPLOYEE_NOT_FOUND(String(employeeId))
    return row
  }
}
