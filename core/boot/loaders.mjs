// The loaders a platform process starts with, before it imports any of the core: tsx for the
// TypeScript the platform and its modules are written in, with the project's own tsconfig
// wherever the process was started from (its ESM hooks only: nothing here is loaded with
// require, and its CommonJS hooks would look at every dependency's file), and the
// pre-bundled dependencies. bin/backroom.js imports it; the platform processes tests and the
// benchmark start run `node --import` of it.
import { fileURLToPath } from 'node:url'
import { register } from 'tsx/esm/api'
import './prebundled-dependencies.mjs'

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) })
