import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { callerOf } from '../../people/callers.ts'
import { PermissionKeys } from '../../people/people-schemas.ts'
import { IdParams, NoContent, responses } from '../schemas.ts'

const Profile = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  builtin: Type.Boolean({ description: 'One of the four default profiles' }),
  allPermissions: Type.Boolean({ description: 'Holds every permission, including those of modules installed later (SuperAdmin)' }),
  permissions: Type.Array(Type.String())
})
const ProfileFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  permissions: PermissionKeys
}
const NewProfile = Type.Object(ProfileFields, { additionalProperties: false })
const ProfileChanges = Type.Partial(Type.Object(ProfileFields), { additionalProperties: false, minProperties: 1 })

/** /api/profiles: named sets of permissions given to employees. */
export const profileRoutes: FastifyPluginAsync = async base => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const { profiles } = app.services
  const tags = ['profiles']

  app.get('/api/profiles', {
    config: { permission: 'core.profiles.read' },
    schema: { tags, summary: 'List profiles', response: responses({ 200: Type.Object({ items: Type.Array(Profile) }) }) }
  }, async () => ({ items: await profiles.list() }))

  app.post('/api/profiles', {
    config: { permission: 'core.profiles.write' },
    schema: { tags, summary: 'Create a profile', body: NewProfile, response: responses({ 201: Profile }) }
  }, async (request, reply) => await reply.status(201).send(await profiles.create(callerOf(request), request.body)))

  app.get('/api/profiles/:id', {
    config: { permission: 'core.profiles.read' },
    schema: { tags, summary: 'One profile', params: IdParams, response: responses({ 200: Profile }) }
  }, async request => await profiles.get(request.params.id))

  app.patch('/api/profiles/:id', {
    config: { permission: 'core.profiles.write' },
    schema: { tags, summary: 'Rename a profile or replace its permissions', params: IdParams, body: ProfileChanges, response: responses({ 200: Profile }) }
  }, async request => await profiles.update(callerOf(request), request.params.id, request.body))

  app.delete('/api/profiles/:id', {
    config: { permission: 'core.profiles.write' },
    schema: { tags, summary: 'Delete a profile no employee has', params: IdParams, response: responses({ 204: NoContent }) }
  }, async (request, reply) => {
    await profiles.delete(request.params.id)
    return await reply.status(204).send(null)
  })
}
