import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions, onRequestHookHandler } from 'fastify'
import { coreErrors } from '../errors/index.ts'
import { AccessTokenVerifier } from '../people/access-tokens.ts'
import { holds, type Principal, type PrincipalResolver } from '../people/principal.ts'

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null
  }
  interface FastifyInstance {
    /** Every route of this instance with what it requires, as the guard saw it. */
    routeCatalog: GuardedRoute[]
  }
}

export interface GuardedRoute {
  method: string
  url: string
  /** Full permission key, or undefined for public routes and those open to any signed-in caller. */
  permission: string | undefined
  public: boolean
  module: string
}

export interface MountedModule {
  name: string
  /** Full keys of the permissions the module declares. */
  permissions: ReadonlySet<string>
}

export interface RouteGuardOptions {
  resolver: PrincipalResolver
  corePermissions: ReadonlySet<string>
  modules: MountedModule[]
}

/** The error a module's route registration throws for a contract breach, naming the module. */
export class RouteContractError extends Error {
  constructor (readonly module: string, message: string) {
    super(message)
    this.name = 'RouteContractError'
  }
}

async function authenticate (request: FastifyRequest, resolver: PrincipalResolver, tokens: AccessTokenVerifier): Promise<Principal> {
  const apiKey = request.headers['x-api-key']
  if (typeof apiKey === 'string') {
    const principal = await resolver.apiKey(apiKey)
    if (principal === null) throw new coreErrors.BR_UNAUTHENTICATED('The API key is not valid')
    return principal
  }
  const token = BEARER.exec(request.headers.authorization ?? '')?.[1]
  if (token === undefined) throw new coreErrors.BR_UNAUTHENTICATED('An access token or API key is required')
  const employeeId = tokens.employeeOf(token)
  const principal = employeeId === null ? null : await resolver.employee(employeeId)
  if (principal === null) throw new coreErrors.BR_UNAUTHENTICATED('The access token is not valid or has expired')
  return principal
}

const BEARER = /^Bearer\s+(\S+)$/i

function guardFor (permission: string | undefined, resolver: PrincipalResolver, tokens: AccessTokenVerifier): onRequestHookHandler {
  return async function guard (request: FastifyRequest, _reply: FastifyReply) {
    const principal = await authenticate(request, resolver, tokens)
    request.principal = principal
    if (permission !== undefined && !holds(principal, permission)) throw new coreErrors.BR_FORBIDDEN(permission)
  }
}

function ownerOf (url: string, modules: MountedModule[]): MountedModule | undefined {
  return modules.find(module => url === `/api/${module.name}` || url.startsWith(`/api/${module.name}/`))
}

/**
 * Every route declares the permission it needs or `public: true`; a route that declares neither,
 * or a permission nobody declared, is refused when it is registered. Module routes name their
 * permissions without the module prefix. `authenticated: true` admits any signed-in caller.
 */
export function installRouteGuard (app: FastifyInstance, options: RouteGuardOptions): void {
  app.decorateRequest('principal', null)
  const catalog: GuardedRoute[] = []
  const tokens = new AccessTokenVerifier(app)
  app.decorate('routeCatalog', catalog)
  const record = (route: RouteOptions, permission: string | undefined, isPublic: boolean, module: string | undefined): void => {
    for (const method of [route.method].flat()) catalog.push({ method, url: route.url, permission, public: isPublic, module: module ?? 'core' })
  }
  app.addHook('onRoute', (route: RouteOptions) => {
    const config = (route.config ?? {}) as { permission?: string, public?: boolean, module?: string, authenticated?: boolean }
    route.config = config
    const owner = ownerOf(route.url, options.modules)
    if (owner !== undefined) config.module = owner.name
    if (owner === undefined && route.url.startsWith('/docs')) config.public = true
    if (config.public === true) {
      record(route, undefined, true, config.module)
      return
    }
    const where = `${route.method.toString()} ${route.url}`
    if (config.permission === undefined && config.authenticated !== true) {
      const message = `route ${where} declares neither a permission nor public: true`
      throw owner === undefined ? new Error(message) : new RouteContractError(owner.name, message)
    }
    let permission = config.permission
    if (permission !== undefined && owner !== undefined) {
      permission = permission.startsWith(`${owner.name}.`) ? permission : `${owner.name}.${permission}`
      if (!owner.permissions.has(permission)) throw new RouteContractError(owner.name, `route ${where} needs ${permission}, which the module does not declare`)
    } else if (permission !== undefined && !options.corePermissions.has(permission)) {
      throw new Error(`route ${where} needs ${permission}, which the core does not declare`)
    }
    config.permission = permission
    record(route, permission, false, config.module)
    const existing = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]
    route.onRequest = [guardFor(permission, options.resolver, tokens), ...existing]
  })
}
