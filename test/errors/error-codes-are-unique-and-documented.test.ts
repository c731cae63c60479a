import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { CATALOGUE_FILE, loadErrorCatalogs, moduleErrorFiles, PROJECT_ROOT, renderErrorCatalogue } from '../../scripts/error-catalogue.ts'

const catalogs = await loadErrorCatalogs()
const definitions = [...catalogs].flatMap(([owner, catalog]) => Object.entries(catalog).map(([code, definition]) => ({ owner, code, ...definition })))
const defined = new Set(definitions.map(definition => definition.code))

/** Every source file of the core and of the first-party modules, tests included. */
function sourceFiles (): string[] {
  return ['core', 'modules'].flatMap(top => readdirSync(path.join(PROJECT_ROOT, top), { recursive: true, encoding: 'utf8' })
    .filter(file => /\.(ts|mts|js|mjs)$/.test(file) && !file.split(path.sep).includes('node_modules'))
    .map(file => path.join(PROJECT_ROOT, top, file)))
}

t.test('the catalogues of the core and of every first-party module are loaded', async t => {
  t.ok(catalogs.has('core'))
  t.ok(definitions.length > 0)
  const owners = sourceFiles().flatMap(file => [...readFileSync(file, 'utf8').matchAll(/defineErrors\(\s*'([^']+)'/g)].map(match => match[1]))
  t.same(owners.filter((owner, index) => owners.indexOf(owner) !== index), [], 'no owner defines two catalogues (the second would replace the first)')
  t.same(owners.filter(owner => !catalogs.has(owner)), [], `every defineErrors call is in core/errors/index.ts or one of ${moduleErrorFiles().length} modules/<name>/errors.ts`)
})

t.test('every code is defined by one owner only', async t => {
  const owners = new Map<string, string[]>()
  for (const { owner, code } of definitions) owners.set(code, [...(owners.get(code) ?? []), owner])
  t.same([...owners].filter(([, by]) => by.length > 1).map(([code, by]) => `${code}: ${by.join(', ')}`), [])
})

t.test('every code is well formed, with an HTTP error status, a message and a description', async t => {
  const problems = definitions.flatMap(({ owner, code, status, message, description }) => [
    ...(/^BR_[A-Z0-9_]+$/.test(code) ? [] : [`${owner} ${code}: not BR_ and capitals`]),
    ...(Number.isInteger(status) && status >= 400 && status <= 599 ? [] : [`${owner} ${code}: status ${status}`]),
    ...(message.trim() === '' ? [`${owner} ${code}: no message`] : []),
    ...(description.trim() === '' ? [`${owner} ${code}: no description`] : [])
  ])
  t.same(problems, [])
})

/** Whether a code named in a source is defined; `BR_CATALOG_*` names a family, which must have members. */
const isDefined = (name: string): boolean => name.endsWith('*')
  ? [...defined].some(code => code.startsWith(name.slice(0, -1)))
  : defined.has(name)

t.test('every BR_* code the sources name is defined', async t => {
  const undefinedCodes = sourceFiles().flatMap(file => readFileSync(file, 'utf8').split('\n').flatMap((line, index) =>
    [...line.matchAll(/\bBR_[A-Z0-9_]+\*?/g)].filter(([name]) => !isDefined(name))
      .map(([name]) => `${path.relative(PROJECT_ROOT, file)}:${index + 1} ${name}`)))
  t.same(undefinedCodes, [])
})

t.test('docs/errors.md lists every code as the catalogues define it', async t => {
  t.equal(readFileSync(CATALOGUE_FILE, 'utf8'), renderErrorCatalogue(catalogs), 'docs/errors.md is out of date: run npm run docs:errors')
})
