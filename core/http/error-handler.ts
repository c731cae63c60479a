import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { STATUS_CODES } from 'node:http'
import { coreErrors } from '../errors/index.ts'

export interface ErrorBody {
  statusCode: number
  code: string
  error: string
  message: string
  details?: unknown
}

/** Fastify's own client errors, mapped to stable BR_* codes. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_BAD_URL: 'BR_BAD_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'BR_URI_TOO_LONG',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'BR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BR_PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BR_BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BR_BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BR_BAD_REQUEST',
  FST_ERR_RATE_LIMIT: 'BR_RATE_LIMITED'
}

/** Client errors from plugins (static files, rate limit) carry only a status; the code must document that status. */
const CODES_BY_STATUS: Record<number, string> = {
  401: 'BR_UNAUTHENTICATED', 403: 'BR_FORBIDDEN', 404: 'BR_NOT_FOUND', 413: 'BR_PAYLOAD_TOO_LARGE',
  414: 'BR_URI_TOO_LONG', 415: 'BR_UNSUPPORTED_MEDIA_TYPE', 429: 'BR_RATE_LIMITED'
}

/**
 * PostgreSQL data exceptions that only a value from the request can cause once the schema has
 * passed it: a U+0000 character (text cannot hold it), a number beyond its column, a date outside
 * PostgreSQL's calendar (year 0), text too long for its column, a string that is not the column's
 * type. Bad input, answered 400; other database errors stay server failures.
 */
const INPUT_DATA_EXCEPTIONS: Record<string, string> = {
  '22021': 'A text holds a character that cannot be stored (U+0000)',
  '22P05': 'A text holds a character that cannot be stored',
  '22003': 'A number is out of the accepted range',
  '22008': 'A date or time is out of the accepted range',
  '22001': 'A text is longer than the accepted length',
  '22P02': 'A value does not have the expected form',
  '22007': 'A date or time does not have the expected form'
}

interface ValidationIssue { instancePath: string, message?: string, params?: Record<string, unknown>, keyword?: string }

function fieldPath (context: string | undefined, issue: ValidationIssue): string {
  const missing = issue.keyword === 'required' ? `/${String(issue.params?.missingProperty)}` : ''
  const extra = issue.keyword === 'additionalProperties' ? `/${String(issue.params?.additionalProperty)}` : ''
  return `${context ?? 'body'}${issue.instancePath}${missing}${extra}`
}

export function errorBody (statusCode: number, code: string, message: string, details?: unknown): ErrorBody {
  return { statusCode, code, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(details === undefined ? {} : { details }) }
}

/** Maps any thrown error to the one error shape; never a stack trace, never a 500 for bad input. */
export function toErrorBody (error: FastifyError & { details?: unknown, validationContext?: string }): ErrorBody {
  if (Array.isArray(error.validation)) {
    const details = (error.validation as ValidationIssue[]).map(issue => ({ path: fieldPath(error.validationContext, issue), message: issue.message ?? 'is not valid' }))
    return errorBody(400, 'BR_VALIDATION', `The request is not valid: ${details.map(d => `${d.path} ${d.message}`).join('; ')}`, details)
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500
  if (typeof error.code === 'string' && error.code.startsWith('BR_') && status < 500) return errorBody(status, error.code, error.message, error.details)
  if (status >= 400 && status < 500) {
    const code = FASTIFY_CODES[error.code] ?? CODES_BY_STATUS[status] ?? 'BR_BAD_REQUEST'
    return errorBody(status, code, error.message, error.details)
  }
  if (typeof error.code === 'string' && error.code.startsWith('BR_') && status !== 500) return errorBody(status, error.code, error.message, error.details)
  const inputProblem = (error as { severity?: unknown }).severity === undefined ? undefined : INPUT_DATA_EXCEPTIONS[error.code]
  if (inputProblem !== undefined) return errorBody(400, 'BR_BAD_REQUEST', inputProblem)
  return errorBody(500, 'BR_INTERNAL', new coreErrors.BR_INTERNAL().message)
}

/**
 * Answers the failures Fastify's router meets before any route or hook runs (a broken
 * percent-encoding, an over-long path parameter); without it they leave in Fastify's own shape.
 */
export function answerFrameworkError (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const body = toErrorBody(error)
  request.log.info({ code: body.code }, body.message)
  void reply.status(body.statusCode).send(body)
}

export function installErrorHandling (app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError & { headers?: Record<string, string> }, request: FastifyRequest, reply: FastifyReply) => {
    const body = toErrorBody(error)
    if (body.statusCode >= 500) request.log.error({ err: error }, 'request failed')
    else request.log.info({ code: body.code }, body.message)
    if (error.headers !== undefined) void reply.headers(error.headers)
    return await reply.status(body.statusCode).send(body)
  })
  app.setNotFoundHandler(async (request, reply) => {
    const error = new coreErrors.BR_NOT_FOUND(request.method, request.url.split('?')[0])
    return await reply.status(404).send(errorBody(404, error.code, error.message))
  })
}
