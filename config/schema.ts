import Type, { type Static } from 'typebox'

/** The environment the platform reads, validated at start. One entry per variable. */
export const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, description: 'TCP port the HTTP server listens on' }),
  HOST: Type.String({ minLength: 1, description: 'Interface the HTTP server binds to' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'PostgreSQL connection string; unset runs embedded PGlite' })),
  BACKROOM_DATA_DIR: Type.String({ minLength: 1, description: 'PGlite files, uploads, generated keys, file-transport mail' }),
  BACKROOM_SECRET: Type.Optional(Type.String({ minLength: 32, description: 'Signs tokens and encrypts module secrets; generated into the data dir when unset' })),
  BACKROOM_ADMIN_EMAIL: Type.Optional(Type.String({ format: 'email', description: 'Email of the first SuperAdmin' })),
  BACKROOM_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 10, description: 'Password of the first SuperAdmin; generated and printed once when unset' })),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://', format: 'uri', description: 'Outgoing mail server, credentials percent-encoded; unset writes mail as files under the data dir' })),
  MAIL_FROM: Type.String({ pattern: '\\S', description: 'Sender (From) of every mail the platform sends' }),
  LOG_LEVEL: Type.Union([
    Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'),
    Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')
  ], { description: 'pino log level' }),
  BACKROOM_MODULE_PATHS: Type.Optional(Type.String({ description: 'Extra folders holding module packages, separated by the platform path delimiter' })),
  BACKROOM_AUTO_INSTALL: Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'Install and enable the modules found on first start' }),
  BACKROOM_ACCESS_TOKEN_TTL: Type.Integer({ minimum: 30, maximum: 86400, description: 'Lifetime of an access token, in seconds' }),
  BACKROOM_REFRESH_TOKEN_TTL: Type.Integer({ minimum: 60, description: 'Lifetime of a refresh token, in seconds' }),
  BACKROOM_LOGIN_MAX_PER_ACCOUNT: Type.Integer({ minimum: 1, description: 'Login attempts allowed per account per window' }),
  BACKROOM_LOGIN_MAX_PER_IP: Type.Integer({ minimum: 1, description: 'Login attempts allowed per IP address per window' }),
  BACKROOM_LOGIN_WINDOW: Type.Integer({ minimum: 1, description: 'Login rate-limit window, in seconds' }),
  BACKROOM_REQUEST_TIMEOUT: Type.Integer({ minimum: 0, description: 'How long a request may take to arrive in full, in seconds (a large CSV import is one long request); 0 for no limit' }),
  BACKROOM_EVENT_POLL_INTERVAL: Type.Integer({ minimum: 10, description: 'How often undelivered domain events are looked for, in milliseconds; also the first retry delay of a failing handler' })
})

export type Config = Static<typeof ConfigSchema>
