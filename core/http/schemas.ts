import Type, { type TSchema } from 'typebox'

/** The one error shape every route answers with. */
export const ErrorResponse = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String({ pattern: '^BR_[A-Z0-9_]+$' }),
  error: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Unknown())
}, { $id: 'BackroomError', description: 'Every error: a stable BR_* code, the HTTP status, a message and, for validation errors, field paths in details' })

/** A route's success responses plus the shared error shape for 4xx and 5xx answers. */
export function responses<R extends Record<number, TSchema>> (success: R): R & { '4xx': typeof ErrorResponse, '5xx': typeof ErrorResponse } {
  return { ...success, '4xx': ErrorResponse, '5xx': ErrorResponse }
}

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, { additionalProperties: false })

export const NoContent = Type.Null({ description: 'No content' })
