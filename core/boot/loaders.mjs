// The loaders a platform process starts with, before it imports any of the core: tsx for the
// TypeScript the platform and its modules are written in, with the project's own tsconfig
// wherever the process was started from (its ESM hooks only: nothing here is loaded with
// require, and its CommonJS hooks would look at every dependency's file), and the
// pre-bundled dependencies. bin/backroom.js imports it; the platform processes tests and the
// benchmark start run `node --import` of it.
import { fileURLToPath } from 'node:url'
import { register } from 'node:module'
import { register as registerTsx } from 'tsx/esm/api'
import { prebundledTargets } from './prebundled-dependencies.mjs'

registerTsx({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) })
// Any failure (a read-only install, say) leaves the packages to load as they are, only slower.
try {
  register(new URL('./prebundled-dependencies-hook.mjs', import.meta.url), { data: { targets: await prebundledTargets() } })
} catch (error) {
  process.stderr.write(`backroom: dependencies not pre-bundled, start-up is slower: ${error instanceof Error ? error.message : String(error)}\n`)
}
