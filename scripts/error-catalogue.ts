// Writes docs/errors.md, the catalogue of every BR_* error code, from the defineErrors catalogues
// of the core and of each first-party module: `npm run docs:errors`.
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { errorCatalogs, type ErrorCatalog } from '../core/errors/define-errors.ts'
import { registerPlatformResolution } from '../core/modules/platform-resolution.ts'

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const CATALOGUE_FILE = path.join(PROJECT_ROOT, 'docs', 'errors.md')
const MODULES_DIR = path.join(PROJECT_ROOT, 'modules')

/** The errors.ts of every first-party module, where each defines its own codes. */
export function moduleErrorFiles (): string[] {
  if (!existsSync(MODULES_DIR)) return []
  return readdirSync(MODULES_DIR, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => path.join(MODULES_DIR, entry.name, 'errors.ts'))
    .filter(file => existsSync(file))
    .sort()
}

/** The catalogues of the core and of every first-party module, by owner. */
export async function loadErrorCatalogs (): Promise<ReadonlyMap<string, ErrorCatalog>> {
  await import('../core/errors/index.ts')
  // Module errors.ts files import defineErrors from 'backroom', which this hook maps to the core
  registerPlatformResolution()
  for (const file of moduleErrorFiles()) await import(pathToFileURL(file).href)
  return errorCatalogs
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

export function renderErrorCatalogue (catalogs: ReadonlyMap<string, ErrorCatalog>): string {
  const owners = [...catalogs.keys()].sort((a, b) => a === 'core' ? -1 : b === 'core' ? 1 : a.localeCompare(b))
  const sections = owners.map(owner => [
    `## ${owner}`,
    '',
    '| Code | Status | Meaning |',
    '|---|---|---|',
    ...Object.entries(catalogs.get(owner)!).map(([code, definition]) => `| \`${code}\` | ${definition.status} | ${cell(definition.description)} |`),
    ''
  ].join('\n'))
  return [
    '# Error codes',
    '',
    'Every error answers `{ statusCode, code, error, message, details? }`; `code` is one of these and',
    'does not change between versions. Generated from the `defineErrors` catalogues (`core/errors/index.ts`,',
    '`modules/<name>/errors.ts`) by `npm run docs:errors`: do not edit by hand.',
    '',
    ...sections
  ].join('\n')
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  writeFileSync(CATALOGUE_FILE, renderErrorCatalogue(await loadErrorCatalogs()))
  process.stdout.write(`wrote ${path.relative(process.cwd(), CATALOGUE_FILE)}\n`)
}
