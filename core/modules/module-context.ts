import path from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import type { Knex } from 'knex'
import { EVENTS_CHANNEL, writeEvents } from '../events/outbox.ts'
import type { Mailer } from '../mail/mailer.ts'
import type { ModuleTokens } from '../security/module-tokens.ts'
import type { SecretBox } from '../security/secret-box.ts'
import type { ModuleContext, ModuleManifest } from './contract.ts'
import { openSettings } from './module-settings.ts'

export interface ModuleContextDependencies {
  knex: Knex
  log: FastifyBaseLogger
  /** A module's settings as stored, secret fields sealed. */
  storedSettings: (module: string) => Promise<Record<string, unknown>>
  settingsBox: SecretBox
  notify: (channel: string, payload: string, trx?: Knex.Transaction) => Promise<void>
  /** The enabled modules of the current module set, in load order. */
  enabledManifests: () => ModuleManifest[]
  tokens: (module: string) => ModuleTokens
  mailer: Mailer
  /** The platform's data dir, absolute. */
  dataDir: string
  /** The implementation a module offers for an extension point, built with its own context when it is a factory. */
  extensionOf: (provider: ModuleManifest, point: string) => unknown
}

export function createModuleContext (deps: ModuleContextDependencies, manifest: ModuleManifest): ModuleContext {
  const declaredEvents = new Set(Object.keys(manifest.events?.emits ?? {}))
  const emitMany: ModuleContext['emitMany'] = async (trx, events) => {
    const undeclared = events.find(({ event }) => !declaredEvents.has(event))
    if (undeclared !== undefined) throw new Error(`module ${manifest.name} emits ${undeclared.event}, which its manifest does not declare`)
    if (events.length === 0) return
    await writeEvents(trx, manifest.name, events.map(({ event, payload }) => ({ name: event, payload })))
    // The dispatcher reads the outbox on any notification: one wakes it for all these events.
    await deps.notify(EVENTS_CHANNEL, manifest.name, trx)
  }
  return {
    name: manifest.name,
    schema: manifest.name,
    db: deps.knex,
    dataDir: path.join(deps.dataDir, 'modules', manifest.name),
    log: deps.log.child({ module: manifest.name }),
    tokens: deps.tokens(manifest.name),
    mail: { send: async message => await deps.mailer.send(message) },
    async settings<T> () {
      return openSettings(manifest.settings, await deps.storedSettings(manifest.name), deps.settingsBox) as T
    },
    emit: async (trx, event, payload) => { await emitMany(trx, [{ event, payload }]) },
    emitMany,
    extensions<T> (point: string) {
      return deps.enabledManifests()
        .filter(other => other.extends?.[point] !== undefined)
        .map(other => ({ module: other.name, implementation: deps.extensionOf(other, point) as T }))
    }
  }
}
