import type { FastifyPluginAsync } from 'fastify'
import type { ModuleRoutesOptions } from 'backroom'
import { createServices } from '../services/index.ts'
import { countryRoutes } from './countries.ts'
import { currencyRoutes } from './currencies.ts'
import { languageRoutes } from './languages.ts'
import { taxRoutes } from './taxes.ts'
import { zoneRoutes } from './zones.ts'

/** /api/localization: one plugin per aggregate over one set of services. */
export const localizationRoutes: FastifyPluginAsync<ModuleRoutesOptions> = async (app, { module }) => {
  const services = createServices(module.db, point => module.extensions(point))
  for (const routes of [languageRoutes, currencyRoutes, zoneRoutes, countryRoutes, taxRoutes]) {
    await app.register(routes, { services })
  }
}
