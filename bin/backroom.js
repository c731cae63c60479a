#!/usr/bin/env node
// The `backroom` command: the loaders in this process (no child process, so signals and the exit
// code need no relaying), then the CLI.
import '../core/boot/loaders.mjs'

await import('../core/cli/main.ts')
