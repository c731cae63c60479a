import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { IdParams, responses } from 'backroom'
import {
  Category, CategoryCreateBody, CategoryDeleteQuery, CategoryMoveBody, CategoryReorderBody, CategoryUpdateBody
} from '../schemas.ts'
import { tags, type CatalogRouteOptions } from './route-options.ts'

/** /api/catalog/categories: the category tree, its moves and orders, and deletion without orphans. */
export const categoryRoutes: FastifyPluginAsync<CatalogRouteOptions> = async (base, { services }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const categories = services.categories
  const read = { permission: 'categories.read' }
  const write = { permission: 'categories.write' }

  app.get('/categories', {
    config: read,
    schema: { tags, summary: 'Every category in tree order: parents before their children, siblings by position', response: responses({ 200: Type.Object({ items: Type.Array(Category) }) }) }
  }, async () => ({ items: await categories.list() }))

  app.get('/categories/:id', {
    config: read,
    schema: { tags, summary: 'One category with its texts in every language', params: IdParams, response: responses({ 200: Category }) }
  }, async request => await categories.get(request.params.id))

  app.post('/categories', {
    config: write,
    schema: { tags, summary: 'Create a category under a parent (or at the root), at a position or last', body: CategoryCreateBody, response: responses({ 201: Category }) }
  }, async (request, reply) => await reply.status(201).send(await categories.create(request.body)))

  app.patch('/categories/:id', {
    config: write,
    schema: { tags, summary: 'Activate or deactivate a category, or change its texts', params: IdParams, body: CategoryUpdateBody, response: responses({ 200: Category }) }
  }, async request => await categories.update(request.params.id, request.body))

  app.post('/categories/:id/move', {
    config: write,
    schema: { tags, summary: 'Move a category and its sub-tree under another parent (null: the root), at a position or last', params: IdParams, body: CategoryMoveBody, response: responses({ 200: Category }) }
  }, async request => await categories.move(request.params.id, request.body.parentId, request.body.position))

  app.post('/categories/reorder', {
    config: write,
    schema: { tags, summary: 'Set the order of the children of a parent (null: the roots)', body: CategoryReorderBody, response: responses({ 200: Type.Object({ items: Type.Array(Category) }) }) }
  }, async request => ({ items: await categories.reorder(request.body.parentId, request.body.ids) }))

  app.delete('/categories/:id', {
    config: write,
    schema: {
      tags,
      summary: 'Delete a category: its children move up to its parent; its products move to targetCategoryId, required when it holds any',
      params: IdParams,
      querystring: CategoryDeleteQuery,
      response: responses({ 200: Type.Object({ movedProducts: Type.Integer() }) })
    }
  }, async request => await categories.delete(request.params.id, request.query.targetCategoryId))
}
