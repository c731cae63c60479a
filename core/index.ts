// The module author's API: what a module package imports from 'backroom'.
export { defineExtension, defineModule, DEFAULT_PROFILES } from './modules/contract.ts'
export type {
  DefaultProfileName, DomainEvent, ExtensionFactory, EventHandler, EventHandlerContext, LifecycleHooks, ModuleContext,
  ModuleManifest, ModuleRoutesOptions, PermissionDeclaration
} from './modules/contract.ts'
export { defineErrors, withDetails } from './errors/define-errors.ts'
export type { ErrorCatalog, ErrorDefinition } from './errors/define-errors.ts'
export type { MailAttachment, OutgoingMail, SentMail } from './mail/mailer.ts'
export { responses, ErrorResponse, IdParams } from './http/schemas.ts'
export type { Principal } from './people/principal.ts'
export { hashPassword, verifyPassword } from './people/passwords.ts'
export { precompiledQuery } from './db/precompiled-query.ts'
export type { PrecompiledQuery } from './db/precompiled-query.ts'
export { isUniqueViolation, isForeignKeyViolation } from './people/database-errors.ts'
export type { ModuleTokens } from './security/module-tokens.ts'
