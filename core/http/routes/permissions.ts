import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { responses } from '../schemas.ts'

const Permission = Type.Object({
  key: Type.String(),
  module: Type.String({ description: '`core` or the name of the installed module declaring it' }),
  description: Type.String()
})

/** /api/permissions: what profiles and API keys can be given. */
export const permissionRoutes: FastifyPluginAsync = async base => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  app.get('/api/permissions', {
    config: { permission: 'core.profiles.read' },
    schema: { tags: ['profiles'], summary: 'Every permission the core and the installed modules declare', response: responses({ 200: Type.Object({ items: Type.Array(Permission) }) }) }
  }, async () => ({ items: await app.services.profiles.permissions() }))
}
