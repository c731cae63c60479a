import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify'
import type { Knex } from 'knex'
import type { TObject } from 'typebox'
import type { OutgoingMail, SentMail } from '../mail/mailer.ts'
import type { ModuleTokens } from '../security/module-tokens.ts'

/** The four profiles of a classic shop back office, created at first start. */
export const DEFAULT_PROFILES = ['SuperAdmin', 'Logistician', 'Translator', 'Salesman'] as const
export type DefaultProfileName = typeof DEFAULT_PROFILES[number]

export interface PermissionDeclaration {
  description: string
  /** Default profiles granted this permission at install (SuperAdmin always holds every one). */
  profiles?: Array<Exclude<DefaultProfileName, 'SuperAdmin'>>
}

export interface DomainEvent<P = unknown> {
  id: number
  name: string
  module: string
  payload: P
  createdAt: Date
}

export interface EventHandlerContext {
  /**
   * The delivery's transaction: writes made with it commit together with the delivery record.
   * Make every query of the handler with it: on embedded PGlite (one connection) a query
   * outside it waits for the transaction to end, which never comes.
   */
  trx: Knex.Transaction
  module: ModuleContext
  /** Aborted when the platform shuts down: a slow handler should give up; the event is delivered again later. */
  signal: AbortSignal
}

export type EventHandler = (event: DomainEvent, context: EventHandlerContext) => Promise<void>

/** What the core hands a module at run time: its own schema, settings, events and extensions. */
export interface ModuleContext {
  readonly name: string
  /** The module's Postgres schema (its name). */
  readonly schema: string
  readonly db: Knex
  /** A folder of the module's own in the platform's data dir (`<BACKROOM_DATA_DIR>/modules/<name>`), for the files it keeps; created by the module when it first writes there. */
  readonly dataDir: string
  readonly log: FastifyBaseLogger
  /**
   * Signs and verifies the module's own tokens (a shop customer's session, say): signed with a key
   * of the module's and an audience of its own, they never open staff routes or another module's.
   */
  readonly tokens: ModuleTokens
  /**
   * Sends mail from the platform's sender (MAIL_FROM); resolves with its Message-ID, or throws
   * BR_MAIL_FAILED. Send from an event handler rather than inside the transaction of a request:
   * a change that rolls back then sends nothing, and a failed send is retried with the event.
   */
  readonly mail: { send (message: OutgoingMail): Promise<SentMail> }
  /** Current settings with secret fields decrypted. */
  settings<T = Record<string, unknown>> (): Promise<T>
  /** Writes a domain event in the caller's transaction (the outbox); delivered after commit. */
  emit (trx: Knex.Transaction, event: string, payload: unknown): Promise<void>
  /** Writes many events in one statement, in order: for bulk changes such as an import. */
  emitMany (trx: Knex.Transaction, events: ReadonlyArray<{ event: string, payload: unknown }>): Promise<void>
  /** Implementations of an extension point offered by enabled modules, in load order. */
  extensions<T = unknown> (point: string): Array<{ module: string, implementation: T }>
}

export interface ModuleRoutesOptions { module: ModuleContext }

export interface LifecycleHooks {
  install? (context: ModuleContext, trx: Knex.Transaction): Promise<void>
  enable? (context: ModuleContext, trx: Knex.Transaction): Promise<void>
  disable? (context: ModuleContext, trx: Knex.Transaction): Promise<void>
  uninstall? (context: ModuleContext, trx: Knex.Transaction): Promise<void>
  upgrade? (context: ModuleContext, trx: Knex.Transaction, fromVersion: string): Promise<void>
}

export interface ModuleManifest {
  /** Unique, lowercase: route prefix /api/<name>, Postgres schema <name>, permission prefix <name>. */
  name: string
  /** Semver; the loader takes it from the package's package.json when left out. */
  version?: string
  requires?: { core?: string, modules?: Record<string, string> }
  /** Keys without the module prefix: `items.read` becomes `<name>.items.read`. */
  permissions?: Record<string, PermissionDeclaration>
  /** A TypeBox object; mark a field `secret: true` to store it encrypted and never send it back. */
  settings?: TObject
  /** Absolute path of the module's knex migrations folder (files exporting up and down). */
  migrations?: string
  /** Mounted under /api/<name>; each route declares config.permission or config.public. */
  routes?: FastifyPluginAsync<ModuleRoutesOptions>
  events?: {
    /** Events the module emits, by full name (`<name>.something`). */
    emits?: Record<string, { description: string }>
    /** Handlers by the full name of the event they subscribe to. */
    subscribes?: Record<string, EventHandler>
  }
  /** Extension points the module offers others, by name without prefix (`payment` → `<name>.payment`). */
  provides?: Record<string, { description: string }>
  /**
   * Implementations of other modules' extension points, by full name (`orders.payment`): a plain
   * value, or `defineExtension(provider => implementation)` when it needs this module's own context.
   */
  extends?: Record<string, unknown>
  lifecycle?: LifecycleHooks
}

const EXTENSION_FACTORY = Symbol.for('backroom.extension-factory')

/** An extension implementation built from its provider's module context; see defineExtension. */
export interface ExtensionFactory<T> {
  readonly [EXTENSION_FACTORY]: (provider: ModuleContext) => T
}

/**
 * An implementation of an extension point that works with its provider's own context (its
 * settings, events, tokens), built once per platform when a consumer first asks for it:
 * `extends: { 'catalog.stock': defineExtension(catalog => new StockService(catalog)) }`.
 */
export function defineExtension<T> (build: (provider: ModuleContext) => T): ExtensionFactory<T> {
  return { [EXTENSION_FACTORY]: build }
}

export function isExtensionFactory (value: unknown): value is ExtensionFactory<unknown> {
  return typeof value === 'object' && value !== null && EXTENSION_FACTORY in value
}

export function buildExtension (factory: ExtensionFactory<unknown>, provider: ModuleContext): unknown {
  return factory[EXTENSION_FACTORY](provider)
}

/** The one way to declare a module; its result is the default export of the module's entry. */
export function defineModule<M extends ModuleManifest> (manifest: M): M {
  return manifest
}

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: string
    public?: boolean
    /** Any signed-in employee or key may call it (their own account, for instance). */
    authenticated?: boolean
    /** Audited although it changes nothing: a read that hands out personal data in bulk (a GDPR export, a customer list as CSV). Mutating routes always are. */
    audit?: boolean
    module?: string
  }
}
