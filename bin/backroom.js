#!/usr/bin/env node
// The `backroom` command. The platform is TypeScript run as is: register tsx in this process
// (no child process, so signals and the exit code need no relaying), with the project's own
// tsconfig wherever the command is started from, then run the CLI.
import { fileURLToPath } from 'node:url'
import { register } from 'tsx/esm/api'

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) })
await import('../core/cli/main.ts')
