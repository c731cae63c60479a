import t from 'tap'
import type { GuardedRoute } from '../../core/http/route-guard.ts'
import { startPlatform } from '../helpers/platform.ts'
import { openApiDocument, openApiPath, operationOf, type Operation } from './route-samples.ts'

const platform = await startPlatform(t, { modules: ['hello'], install: ['hello'] })
const doc = await openApiDocument(platform.app)
const catalog = platform.app.routeCatalog
const hasGetTwin = (route: GuardedRoute): boolean => catalog.some(other => other.method === 'GET' && other.url === route.url)
// The UI's own routes are not API, and a HEAD route that Fastify adds beside each GET is not documented apart
const documented = catalog.filter(route => !route.url.startsWith('/docs') && !(route.method === 'HEAD' && hasGetTwin(route)))
const describe = (route: GuardedRoute): string => `${route.method} ${route.url}`

function refsIn (value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn)
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value).flatMap(([key, inner]) => key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner))
}

t.test('/docs/json is an OpenAPI 3 document whose operations answer, name their path parameters and resolve their references', async t => {
  t.match(doc, { openapi: /^3\.\d+\.\d+$/, info: { title: String, version: String } })
  t.ok(Object.keys(doc.paths).length > 0, 'it has paths')
  const problems: string[] = []
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations) as Array<[string, Operation & { responses?: object }]>) {
      if (operation.responses === undefined || Object.keys(operation.responses).length === 0) problems.push(`${method} ${path} documents no response`)
      for (const name of [...path.matchAll(/\{([^}]+)\}/g)].map(match => match[1])) {
        if (!(operation.parameters ?? []).some(parameter => parameter.in === 'path' && parameter.name === name && parameter.required === true)) {
          problems.push(`${method} ${path} does not document its path parameter ${name}`)
        }
      }
    }
  }
  for (const ref of refsIn(doc)) {
    if (!ref.startsWith('#/components/schemas/') || doc.components?.schemas?.[ref.slice('#/components/schemas/'.length)] === undefined) problems.push(`unresolved reference ${ref}`)
  }
  t.same(problems, [])
})

t.test('every route in the catalog is documented under its path and method', async t => {
  t.ok(documented.some(route => route.module === 'hello'), 'module routes are among them')
  t.ok(documented.some(route => route.module === 'core' && route.permission !== undefined), 'guarded core routes are among them')
  t.same(documented.filter(route => operationOf(doc, route) === undefined).map(describe), [], 'undocumented routes')
})

t.test('a route that declares a permission carries it as x-permission; a public one asks for no credentials', async t => {
  for (const route of documented) {
    const operation = operationOf(doc, route)!
    const access = { security: operation.security, permission: operation['x-permission'] }
    // No security of its own means the document-wide one: a bearer token or an API key
    if (route.public) t.same(access, { security: [], permission: undefined }, `${describe(route)} is public`)
    else t.same(access, { security: undefined, permission: route.permission }, `${describe(route)} needs ${route.permission ?? 'a signed-in caller'}`)
  }
  t.same(doc.paths[openApiPath('/api/hello/greetings')].post['x-permission'], 'hello.greetings.write', 'module permissions appear with their module prefix')
})

t.test('/docs serves the interactive documentation', async t => {
  const response = await platform.app.inject({ url: '/docs' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/html/)
  t.match(response.body, /swagger-ui/i)
})
