import { register } from 'node:module'
import { pathToFileURL } from 'node:url'

let registered = false

/** Lets module packages `import { defineModule } from 'backroom'` (see platform-resolve-hook.mjs). */
export function registerPlatformResolution (): void {
  if (registered) return
  registered = true
  register(new URL('./platform-resolve-hook.mjs', import.meta.url), {
    data: { target: pathToFileURL(new URL('../index.ts', import.meta.url).pathname).href }
  })
}
