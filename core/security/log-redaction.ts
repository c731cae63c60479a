/** Fields that pino censors in every log line; the audit log redacts query parameters named after them. */
export const LOG_REDACT = [
  'password', '*.password', 'newPassword', '*.newPassword', 'token', '*.token', 'refreshToken', '*.refreshToken',
  'accessToken', '*.accessToken', 'totp', '*.totp', 'secret', '*.secret', 'key', '*.key',
  // Credential headers wherever a request's headers are logged: by the core, or whole by a module.
  'headers.authorization', 'headers["x-api-key"]', 'headers.cookie',
  '*.headers.authorization', '*.headers["x-api-key"]', '*.headers.cookie'
]
