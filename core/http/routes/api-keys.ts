import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { callerOf } from '../../people/callers.ts'
import { NullableTimestamp, PermissionKeys, Timestamp } from '../../people/people-schemas.ts'
import { IdParams, NoContent, responses } from '../schemas.ts'

const ApiKey = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key, to recognise it' }),
  permissions: Type.Array(Type.String()),
  createdBy: Type.Union([Type.Integer(), Type.Null()], { description: 'The employee who created it' }),
  createdAt: Timestamp,
  lastUsedAt: NullableTimestamp,
  revokedAt: NullableTimestamp
})
const CreatedApiKey = Type.Object({
  ...ApiKey.properties,
  key: Type.String({ description: 'Send it as the X-Api-Key header. Shown this once: only its hash is kept' })
})
const NewApiKey = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  permissions: Type.Array(PermissionKeys.items, { ...PermissionKeys, minItems: 1 })
}, { additionalProperties: false })

/** /api/api-keys: credentials for integrations, scoped to permissions. */
export const apiKeyRoutes: FastifyPluginAsync = async base => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const { apiKeys } = app.services
  const tags = ['api keys']
  const config = { permission: 'core.api_keys.manage' }

  app.post('/api/api-keys', {
    config,
    schema: { tags, summary: 'Create an API key with some of the caller\'s own permissions; the key is in this answer only', body: NewApiKey, response: responses({ 201: CreatedApiKey }) }
  }, async (request, reply) => await reply.status(201).send(await apiKeys.create(callerOf(request), request.body)))

  app.get('/api/api-keys', {
    config,
    schema: { tags, summary: 'List API keys, revoked ones included; never the keys themselves', response: responses({ 200: Type.Object({ items: Type.Array(ApiKey) }) }) }
  }, async () => ({ items: await apiKeys.list() }))

  app.delete('/api/api-keys/:id', {
    config,
    schema: { tags, summary: 'Revoke an API key; it stops working at once in every process', params: IdParams, response: responses({ 204: NoContent }) }
  }, async (request, reply) => {
    await apiKeys.revoke(request.params.id)
    return await reply.status(204).send(null)
  })
}
