import Fastify, { type FastifyBaseLogger, type FastifyContextConfig, type FastifyInstance, type FastifyPluginAsync, type FastifySchema } from 'fastify'
import fastifyJwt from '@fastify/jwt'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import { randomUUID } from 'node:crypto'
import { installAuditHook } from '../audit/audit-hook.ts'
import { coreErrors } from '../errors/index.ts'
import type { ModuleContext, ModuleManifest } from '../modules/contract.ts'
import { qualifyPermissions } from '../modules/module-repository.ts'
import type { ModuleState } from '../modules/module-status.ts'
import { CORE_PERMISSIONS } from '../people/core-permissions.ts'
import type { CoreServices } from './core-services.ts'
import { answerFrameworkError, errorBody, installErrorHandling } from './error-handler.ts'
import { requestValidation } from './request-validators.ts'
import { installRouteGuard, RouteContractError } from './route-guard.ts'

export interface MountedModuleInput {
  manifest: ModuleManifest & { version: string }
  context: ModuleContext
}

export interface AppBuildInput {
  logger: FastifyBaseLogger
  jwtSecret: string
  accessTokenTtl: number
  services: CoreServices
  coreVersion: string
  coreRoutes: FastifyPluginAsync
  mounted: MountedModuleInput[]
  /** Installed modules that do not serve now, and why. */
  unavailable: Array<{ name: string, state: ModuleState }>
}

/**
 * Registers one module's routes. Awaiting the registration loads the module's plugins (nested
 * ones included) there and then, so a failure is known to be this module's.
 */
async function mountModule (app: FastifyInstance, module: MountedModuleInput): Promise<void> {
  const name = module.manifest.name
  try {
    await app.register(async scope => { await module.manifest.routes!(scope, { module: module.context }) }, { prefix: `/api/${name}` })
  } catch (error) {
    await app.close().catch(() => {})
    if (error instanceof RouteContractError) throw error
    throw new RouteContractError(name, `routes of ${name} threw: ${(error as Error).message}`)
  }
}

function unavailableRoutes (name: string, state: ModuleState): FastifyPluginAsync {
  const error = state === 'disabled'
    ? new coreErrors.BR_MODULE_DISABLED(name)
    : new coreErrors.BR_MODULE_UNAVAILABLE(name, state)
  return async function answerUnavailable (scope) {
    const handler = async (_request: unknown, reply: { status: (code: number) => { send: (body: unknown) => unknown } }) =>
      await reply.status(error.statusCode!).send(errorBody(error.statusCode!, error.code, error.message))
    scope.all('/', { config: { public: true }, schema: { hide: true } }, handler)
    scope.all('/*', { config: { public: true }, schema: { hide: true } }, handler)
  }
}

/**
 * What the OpenAPI document says a route requires, read from the route config as the route guard
 * resolved it (full permission key), so the guard stays the one source: `x-permission` names the
 * permission, and a public route asks for no credentials.
 */
function documentAccess (schema: FastifySchema | undefined, config: FastifyContextConfig | undefined): FastifySchema {
  if (config?.public === true) return { ...schema, security: [] }
  if (config?.permission !== undefined) return { ...schema, 'x-permission': config.permission } as FastifySchema
  return schema ?? {}
}

/** One Fastify instance for one module set; the platform swaps instances as the set changes. */
export async function buildApp (input: AppBuildInput): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: input.logger,
    genReqId: request => (typeof request.headers['x-request-id'] === 'string' && request.headers['x-request-id'].length <= 128) ? request.headers['x-request-id'] : randomUUID(),
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
    schemaController: requestValidation(),
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: answerFrameworkError,
    return503OnClosing: false
  })
  app.decorate('services', input.services)
  await app.register(fastifyJwt, { secret: input.jwtSecret, sign: { expiresIn: input.accessTokenTtl } })
  installErrorHandling(app)
  installRouteGuard(app, {
    resolver: input.services.principals,
    corePermissions: new Set(Object.keys(CORE_PERMISSIONS)),
    modules: input.mounted.map(module => ({
      name: module.manifest.name,
      permissions: new Set(qualifyPermissions(module.manifest.name, module.manifest.permissions).map(p => p.key))
    }))
  })
  installAuditHook(app, input.services.audit)
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Backroom', version: input.coreVersion, description: 'The back office API: the core and every enabled module.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' }
        }
      },
      security: [{ bearer: [] }, { apiKey: [] }]
    },
    transform: ({ schema, url, route }) => ({ url, schema: documentAccess(schema, route.config) })
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { showExtensions: true } })
  await app.register(input.coreRoutes)
  for (const module of input.mounted) {
    if (module.manifest.routes !== undefined) await mountModule(app, module)
  }
  for (const { name, state } of input.unavailable) {
    await app.register(unavailableRoutes(name, state), { prefix: `/api/${name}` })
  }
  return app
}
