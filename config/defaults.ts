/** Defaults for every variable of ConfigSchema that has one; the environment overrides them. */
export const configDefaults = {
  PORT: '3000',
  HOST: '127.0.0.1',
  BACKROOM_DATA_DIR: './data',
  MAIL_FROM: 'Backroom <no-reply@backroom.local>',
  LOG_LEVEL: 'info',
  BACKROOM_AUTO_INSTALL: 'true',
  BACKROOM_ACCESS_TOKEN_TTL: '900',
  BACKROOM_REFRESH_TOKEN_TTL: String(30 * 24 * 3600),
  BACKROOM_LOGIN_MAX_PER_ACCOUNT: '5',
  BACKROOM_LOGIN_MAX_PER_IP: '30',
  BACKROOM_LOGIN_WINDOW: '900',
  BACKROOM_REQUEST_TIMEOUT: '3600',
  BACKROOM_EVENT_POLL_INTERVAL: '1000'
} as const
