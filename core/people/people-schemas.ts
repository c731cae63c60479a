import Type from 'typebox'

/** A moment, sent as an ISO 8601 string: handlers hand over Dates, the serializer formats them. */
export const Timestamp = Type.Unsafe<Date>({ type: 'string', format: 'date-time' })
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()])

export const Email = Type.String({ format: 'email', maxLength: 254 })
/** Long enough to resist guessing; capped because argon2 hashes whatever it is given. */
export const NewPassword = Type.String({ minLength: 10, maxLength: 1024, description: 'At least 10 characters' })
export const GivenPassword = Type.String({ minLength: 1, maxLength: 1024 })
export const TotpCode = Type.String({ pattern: '^[0-9]{6}$', description: 'The 6-digit code of the authenticator app' })
export const PermissionKeys = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 1000, uniqueItems: true })

export const Employee = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  active: Type.Boolean(),
  profileId: Type.Integer(),
  language: Type.String(),
  totpEnabled: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp
}, { description: 'An employee; password hashes and 2FA secrets are never sent' })

export const EmployeeFields = {
  email: Email,
  firstName: Type.String({ minLength: 1, maxLength: 100 }),
  lastName: Type.String({ minLength: 1, maxLength: 100 }),
  password: NewPassword,
  profileId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
  language: Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35, description: 'A BCP 47 language tag, such as en or fr-CA' }),
  active: Type.Boolean()
}

/** Keyset pagination: pass the previous page's nextCursor as cursor. */
export const PageQuery = {
  cursor: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'nextCursor of the previous page' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 })
}

export const NextCursor = Type.Union([Type.Integer(), Type.Null()], { description: 'Cursor of the next page; null on the last page' })
