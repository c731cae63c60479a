/** At most this long between reads of a module's settings, should a change's notification be lost. */
export const STORED_SETTINGS_MAX_AGE_MS = 5000

interface Entry { settings: Promise<Record<string, unknown>>, readAt: number }

/**
 * Each module's settings as stored, kept between reads: routes read their module's settings on
 * every request (a list's count limit), and a query of `core.modules` each time would be a round
 * trip of its own. The platform forgets them all whenever a module changes, here or in another
 * process (the modules channel), so a change is seen as soon as the new module set is.
 */
export class StoredSettingsCache {
  readonly #entries = new Map<string, Entry>()

  constructor (
    private readonly read: (module: string) => Promise<Record<string, unknown>>,
    private readonly now: () => number = Date.now
  ) {}

  async get (module: string): Promise<Record<string, unknown>> {
    const cached = this.#entries.get(module)
    if (cached !== undefined && this.now() - cached.readAt < STORED_SETTINGS_MAX_AGE_MS) return await cached.settings
    const entry: Entry = { settings: this.read(module), readAt: this.now() }
    this.#entries.set(module, entry)
    // A failed read is not kept: the next caller tries again.
    entry.settings.catch(() => { if (this.#entries.get(module) === entry) this.#entries.delete(module) })
    return await entry.settings
  }

  /** A read already under way when this is called is not kept either. */
  forgetAll (): void {
    this.#entries.clear()
  }
}
