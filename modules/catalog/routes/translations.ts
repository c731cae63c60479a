import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { responses } from 'backroom'
import {
  AltTextBody, AttributeGroup, AttributeValue, Category, CategoryTextsChange, NameTexts, Product, ProductImage, ProductTextsChange, TranslationParams
} from '../schemas.ts'
import { tags, type CatalogRouteOptions } from './route-options.ts'

/**
 * /api/catalog/translations: the texts of products, categories, attributes and images in one
 * language. `catalog.translations.write` reaches these routes and nothing else, so a translator
 * changes texts in any language but never a price, a stock or a category.
 */
export const translationRoutes: FastifyPluginAsync<CatalogRouteOptions> = async (base, { services }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const config = { permission: 'translations.write' }
  const summary = (what: string): string => `Write the ${what} in one language; a first text in a language needs the name`

  app.put('/translations/products/:id/:language', {
    config,
    schema: { tags, summary: summary('name, descriptions and slug of a product'), params: TranslationParams, body: ProductTextsChange, response: responses({ 200: Product }) }
  }, async request => await services.products.updateTexts(request.params.id, { [request.params.language]: request.body }))

  app.put('/translations/categories/:id/:language', {
    config,
    schema: { tags, summary: summary('name, description and slug of a category'), params: TranslationParams, body: CategoryTextsChange, response: responses({ 200: Category }) }
  }, async request => await services.categories.updateTexts(request.params.id, { [request.params.language]: request.body }))

  app.put('/translations/attributes/:id/:language', {
    config,
    schema: { tags, summary: summary('name of an attribute group'), params: TranslationParams, body: NameTexts, response: responses({ 200: AttributeGroup }) }
  }, async request => await services.attributes.updateGroup(request.params.id, { translations: { [request.params.language]: request.body } }))

  app.put('/translations/attribute-values/:id/:language', {
    config,
    schema: { tags, summary: summary('name of an attribute value'), params: TranslationParams, body: NameTexts, response: responses({ 200: AttributeValue }) }
  }, async request => await services.attributes.updateValue(request.params.id, { translations: { [request.params.language]: request.body } }))

  app.put('/translations/images/:id/:language', {
    config,
    schema: { tags, summary: 'Write the alternative text of an image in one language', params: TranslationParams, body: AltTextBody, response: responses({ 200: ProductImage }) }
  }, async request => await services.images.updateAlt(request.params.id, { [request.params.language]: request.body.alt }))
}
