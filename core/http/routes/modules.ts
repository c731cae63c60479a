import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { MODULE_STATES } from '../../modules/module-status.ts'
import { responses } from '../schemas.ts'

const ModuleStatus = Type.Object({
  name: Type.String(),
  state: Type.Enum(MODULE_STATES),
  packageName: Type.Union([Type.String(), Type.Null()]),
  installedVersion: Type.Union([Type.String(), Type.Null()]),
  foundVersion: Type.Union([Type.String(), Type.Null()]),
  requires: Type.Object({ core: Type.Union([Type.String(), Type.Null()]), modules: Type.Record(Type.String(), Type.String()) }),
  permissions: Type.Array(Type.Object({ key: Type.String(), description: Type.String() })),
  hasSettings: Type.Boolean(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  installedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()])
}, { $id: 'ModuleStatus' })

const NameParams = Type.Object({ name: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }) }, { additionalProperties: false })
const ActionParams = Type.Object({
  name: NameParams.properties.name,
  action: Type.Union([Type.Literal('install'), Type.Literal('enable'), Type.Literal('disable'), Type.Literal('upgrade')])
}, { additionalProperties: false })
const UninstallBody = Type.Object({ confirm: Type.String({ description: 'The module name, repeated: uninstalling drops its data' }) }, { additionalProperties: false })
const Settings = Type.Object({
  values: Type.Record(Type.String(), Type.Unknown()),
  secrets: Type.Record(Type.String(), Type.Boolean(), { description: 'Secret fields: whether each is set; their values are never sent' })
})
const SettingsBody = Type.Record(Type.String(), Type.Unknown(), { description: 'New values; a secret field left out keeps its value, null clears it' })

/** /api/modules: what is found and installed, the lifecycle actions, and module settings. */
export const moduleRoutes: FastifyPluginAsync = async base => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const modules = app.services.modules
  const tags = ['modules']

  app.get('/api/modules', {
    config: { permission: 'core.modules.read' },
    schema: { tags, summary: 'List modules found on disk or installed', response: responses({ 200: Type.Object({ items: Type.Array(ModuleStatus) }) }) }
  }, async () => ({ items: await modules.list() }))

  app.get('/api/modules/:name', {
    config: { permission: 'core.modules.read' },
    schema: { tags, summary: 'One module', params: NameParams, response: responses({ 200: ModuleStatus }) }
  }, async request => await modules.get(request.params.name))

  app.post('/api/modules/:name/:action', {
    config: { permission: 'core.modules.manage' },
    schema: { tags, summary: 'Install, enable, disable or upgrade a module; takes effect without a restart', params: ActionParams, response: responses({ 200: ModuleStatus }) }
  }, async request => await modules[request.params.action](request.params.name))

  app.post('/api/modules/:name/uninstall', {
    config: { permission: 'core.modules.manage' },
    schema: { tags, summary: 'Uninstall a module: runs its migrations down and drops its schema', params: NameParams, body: UninstallBody, response: responses({ 200: Type.Object({ name: Type.String(), state: Type.String() }) }) }
  }, async request => {
    const result = await modules.uninstall(request.params.name, request.body.confirm)
    return { name: result.name, state: result.state }
  })

  app.get('/api/modules/:name/settings', {
    config: { permission: 'core.modules.read' },
    schema: { tags, summary: 'Module settings, secret fields left out', params: NameParams, response: responses({ 200: Settings }) }
  }, async request => await modules.getSettings(request.params.name))

  app.put('/api/modules/:name/settings', {
    config: { permission: 'core.modules.manage' },
    schema: { tags, summary: 'Change module settings, validated by the module schema', params: NameParams, body: SettingsBody, response: responses({ 200: Settings }) }
  }, async request => await modules.putSettings(request.params.name, request.body))
}
