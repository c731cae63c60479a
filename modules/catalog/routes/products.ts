import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { IdParams, responses } from 'backroom'
import { Product, ProductCreateBody, ProductListQuery, ProductPage, ProductUpdateBody } from '../schemas.ts'
import { employeeOf, tags, type CatalogRouteOptions } from './route-options.ts'

/** /api/catalog/products: lists and search, and the back-office buttons (edit, publish, duplicate, delete). */
export const productRoutes: FastifyPluginAsync<CatalogRouteOptions> = async (base, { services }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const products = services.products
  const read = { permission: 'products.read' }
  const write = { permission: 'products.write' }

  app.get('/products', {
    config: read,
    schema: { tags, summary: 'Filter, search and sort products, a page at a time (keyset cursor), with the total count', querystring: ProductListQuery, response: responses({ 200: ProductPage }) }
  }, async request => {
    const query = request.query
    return await services.search.list({ ...query, sort: query.sort ?? 'date', order: query.order ?? 'desc', limit: query.limit ?? 50 })
  })

  app.get('/products/:id', {
    config: read,
    schema: { tags, summary: 'One product with its texts, categories, features, images and variants', params: IdParams, response: responses({ 200: Product }) }
  }, async request => await products.get(request.params.id))

  app.post('/products', {
    config: write,
    schema: { tags, summary: 'Create a product, priced in the default currency; an initial quantity is written to the stock ledger', body: ProductCreateBody, response: responses({ 201: Product }) }
  }, async (request, reply) => await reply.status(201).send(await products.create(request.body, employeeOf(request))))

  app.patch('/products/:id', {
    config: write,
    schema: { tags, summary: 'Edit a product; texts are merged by language, categories and features replaced when sent', params: IdParams, body: ProductUpdateBody, response: responses({ 200: Product }) }
  }, async request => await products.update(request.params.id, request.body))

  for (const [action, active] of [['publish', true], ['unpublish', false]] as const) {
    app.post(`/products/:id/${action}`, {
      config: write,
      schema: { tags, summary: `${active ? 'Publish' : 'Unpublish'} a product in the shop`, params: IdParams, response: responses({ 200: Product }) }
    }, async request => await products.update(request.params.id, { active }))
  }

  app.post('/products/:id/duplicate', {
    config: write,
    schema: { tags, summary: 'Copy a product, unpublished, under a new SKU: texts, categories, features, images and variants, without stock', params: IdParams, response: responses({ 201: Product }) }
  }, async (request, reply) => await reply.status(201).send(await products.duplicate(request.params.id)))

  app.delete('/products/:id', {
    config: { permission: 'products.delete' },
    schema: { tags, summary: 'Delete a product with its variants, images and stock ledger', params: IdParams, response: responses({ 204: Type.Null() }) }
  }, async (request, reply) => {
    await products.delete(request.params.id)
    return await reply.status(204).send(null)
  })
}
