import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { callingEmployeeId } from '../../people/callers.ts'
import { Employee, GivenPassword, NewPassword, TotpCode } from '../../people/people-schemas.ts'
import { NoContent, responses } from '../schemas.ts'

const Me = Type.Object({
  ...Employee.properties,
  profileName: Type.String(),
  permissions: Type.Array(Type.String(), { description: 'Every permission the caller holds now' })
})

const PasswordChange = Type.Object({ currentPassword: GivenPassword, newPassword: NewPassword }, { additionalProperties: false })
const TotpEnrolment = Type.Object({
  secret: Type.String({ description: 'Base32 secret for typing into an authenticator app; shown this once' }),
  otpauthUrl: Type.String({ description: 'otpauth:// URL, usually shown as a QR code' })
})
const CodeBody = Type.Object({ code: TotpCode }, { additionalProperties: false })
const DisableBody = Type.Object({
  code: Type.Optional(TotpCode),
  password: Type.Optional(GivenPassword)
}, { additionalProperties: false, minProperties: 1, maxProperties: 1, description: 'A current 2FA code or the account password, not both' })

/** /api/me: the caller's own account, open to any signed-in employee. */
export const meRoutes: FastifyPluginAsync = async base => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const { employees, auth, twoFactor } = app.services
  const tags = ['me']
  const config = { authenticated: true }

  app.get('/api/me', {
    config,
    schema: { tags, summary: 'The caller: employee record, profile name and effective permissions', response: responses({ 200: Me }) }
  }, async request => await employees.me(callingEmployeeId(request)))

  app.put('/api/me/password', {
    config,
    schema: { tags, summary: 'Change one\'s password; ends every session (refresh token) of the account', body: PasswordChange, response: responses({ 204: NoContent }) }
  }, async (request, reply) => {
    await auth.changePassword(callingEmployeeId(request), request.body.currentPassword, request.body.newPassword)
    return await reply.status(204).send(null)
  })

  app.post('/api/me/2fa/enroll', {
    config,
    schema: { tags, summary: 'Start 2FA enrolment: a new TOTP secret, pending until confirmed with a code', response: responses({ 200: TotpEnrolment }) }
  }, async request => await twoFactor.enrol(callingEmployeeId(request)))

  app.post('/api/me/2fa/confirm', {
    config,
    schema: { tags, summary: 'Turn 2FA on with a code from the enrolled secret', body: CodeBody, response: responses({ 204: NoContent }) }
  }, async (request, reply) => {
    await twoFactor.confirm(callingEmployeeId(request), request.body.code)
    return await reply.status(204).send(null)
  })

  app.post('/api/me/2fa/disable', {
    config,
    schema: { tags, summary: 'Turn 2FA off, proven with a current code or the password', body: DisableBody, response: responses({ 204: NoContent }) }
  }, async (request, reply) => {
    const { code, password } = request.body
    await twoFactor.disable(callingEmployeeId(request), code !== undefined ? { code } : { password: password! })
    return await reply.status(204).send(null)
  })
}
