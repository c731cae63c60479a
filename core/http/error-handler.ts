import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { coreErrors } from '../errors/index.ts'

export interface ErrorBody {
  statusCode: number
  code: string
  error: string
  message: string
  details?: unknown
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable'
}

/** Fastify's own client errors, mapped to stable BR_* codes. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'BR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BR_PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BR_BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BR_BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BR_BAD_REQUEST',
  FST_ERR_RATE_LIMIT: 'BR_RATE_LIMITED'
}

interface ValidationIssue { instancePath: string, message?: string, params?: Record<string, unknown>, keyword?: string }

function fieldPath (context: string | undefined, issue: ValidationIssue): string {
  const missing = issue.keyword === 'required' ? `/${String(issue.params?.missingProperty)}` : ''
  const extra = issue.keyword === 'additionalProperties' ? `/${String(issue.params?.additionalProperty)}` : ''
  return `${context ?? 'body'}${issue.instancePath}${missing}${extra}`
}

export function errorBody (statusCode: number, code: string, message: string, details?: unknown): ErrorBody {
  return { statusCode, code, error: STATUS_TEXT[statusCode] ?? 'Error', message, ...(details === undefined ? {} : { details }) }
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
    const code = FASTIFY_CODES[error.code] ?? (status === 429 ? 'BR_RATE_LIMITED' : status === 404 ? 'BR_NOT_FOUND' : 'BR_BAD_REQUEST')
    return errorBody(status, code, error.message, error.details)
  }
  if (typeof error.code === 'string' && error.code.startsWith('BR_') && status !== 500) return errorBody(status, error.code, error.message, error.details)
  return errorBody(500, 'BR_INTERNAL', new coreErrors.BR_INTERNAL().message)
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
