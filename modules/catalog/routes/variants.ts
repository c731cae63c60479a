import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { IdParams, responses } from 'backroom'
import {
  AttributeGroup, AttributeValue, GroupCreateBody, GroupUpdateBody, ValueCreateBody, ValueUpdateBody,
  Variant, VariantCreateBody, VariantParams, VariantUpdateBody
} from '../schemas.ts'
import { employeeOf, tags, type CatalogRouteOptions } from './route-options.ts'

/** Attribute groups and values (/attributes, /attribute-values) and the variants of a product. */
export const variantRoutes: FastifyPluginAsync<CatalogRouteOptions> = async (base, { services }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const { attributes, variants, products } = services
  const read = { permission: 'products.read' }
  const write = { permission: 'products.write' }
  const NoContent = responses({ 204: Type.Null() })

  app.get('/attributes', {
    config: read,
    schema: { tags, summary: 'Attribute groups (Size, Colour…) with their values, by position', response: responses({ 200: Type.Object({ items: Type.Array(AttributeGroup) }) }) }
  }, async () => ({ items: await attributes.list() }))

  app.post('/attributes', {
    config: write,
    schema: { tags, summary: 'Create an attribute group', body: GroupCreateBody, response: responses({ 201: AttributeGroup }) }
  }, async (request, reply) => await reply.status(201).send(await attributes.createGroup(request.body)))

  app.patch('/attributes/:id', {
    config: write,
    schema: { tags, summary: 'Change the position or names of an attribute group', params: IdParams, body: GroupUpdateBody, response: responses({ 200: AttributeGroup }) }
  }, async request => await attributes.updateGroup(request.params.id, request.body))

  app.delete('/attributes/:id', {
    config: write,
    schema: { tags, summary: 'Delete an attribute group and its values; refused while a variant uses one', params: IdParams, response: NoContent }
  }, async (request, reply) => {
    await attributes.deleteGroup(request.params.id)
    return await reply.status(204).send(null)
  })

  app.post('/attributes/:id/values', {
    config: write,
    schema: { tags, summary: 'Add a value to an attribute group', params: IdParams, body: ValueCreateBody, response: responses({ 201: AttributeValue }) }
  }, async (request, reply) => await reply.status(201).send(await attributes.createValue(request.params.id, request.body)))

  app.patch('/attribute-values/:id', {
    config: write,
    schema: { tags, summary: 'Change the position, colour or names of an attribute value', params: IdParams, body: ValueUpdateBody, response: responses({ 200: AttributeValue }) }
  }, async request => await attributes.updateValue(request.params.id, request.body))

  app.delete('/attribute-values/:id', {
    config: write,
    schema: { tags, summary: 'Delete an attribute value; refused while a variant uses it', params: IdParams, response: NoContent }
  }, async (request, reply) => {
    await attributes.deleteValue(request.params.id)
    return await reply.status(204).send(null)
  })

  app.get('/products/:id/variants', {
    config: read,
    schema: { tags, summary: 'The variants of a product', params: IdParams, response: responses({ 200: Type.Object({ items: Type.Array(Variant) }) }) }
  }, async request => ({ items: (await products.get(request.params.id)).variants }))

  app.post('/products/:id/variants', {
    config: write,
    schema: { tags, summary: 'Add a variant: one value per attribute group, its own SKU, price and weight impact; an initial quantity goes to the ledger', params: IdParams, body: VariantCreateBody, response: responses({ 201: Variant }) }
  }, async (request, reply) => await reply.status(201).send(await variants.create(request.params.id, request.body, employeeOf(request))))

  app.patch('/products/:id/variants/:variantId', {
    config: write,
    schema: { tags, summary: 'Change a variant (stock changes go through the stock routes)', params: VariantParams, body: VariantUpdateBody, response: responses({ 200: Variant }) }
  }, async request => await variants.update(request.params.id, request.params.variantId, request.body))

  app.delete('/products/:id/variants/:variantId', {
    config: write,
    schema: { tags, summary: 'Delete a variant; its stock is first brought to zero in the ledger', params: VariantParams, response: NoContent }
  }, async (request, reply) => {
    await variants.delete(request.params.id, request.params.variantId, employeeOf(request))
    return await reply.status(204).send(null)
  })
}
