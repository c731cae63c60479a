import type { FastifyPluginAsync } from 'fastify'
import type { ModuleRoutesOptions } from 'backroom'
import { createCatalogServices } from '../services/catalog-services.ts'
import { categoryRoutes } from './categories.ts'
import { imageRoutes } from './images.ts'
import { importExportRoutes } from './import-export.ts'
import { productRoutes } from './products.ts'
import { stockRoutes } from './stock.ts'
import { translationRoutes } from './translations.ts'
import { variantRoutes } from './variants.ts'

/** Every catalog route, sharing one set of services bound to the module context. */
export const catalogRoutes: FastifyPluginAsync<ModuleRoutesOptions> = async (app, { module }) => {
  const services = createCatalogServices(module)
  for (const routes of [categoryRoutes, productRoutes, stockRoutes, variantRoutes, imageRoutes, translationRoutes, importExportRoutes]) {
    await app.register(routes, { services })
  }
}
