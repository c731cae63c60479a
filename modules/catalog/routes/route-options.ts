import type { FastifyRequest } from 'fastify'
import type { CatalogServices } from '../services/catalog-services.ts'

export interface CatalogRouteOptions { services: CatalogServices }

export const tags = ['catalog']

/** The employee behind a request, for the stock ledger; null for an API key. */
export function employeeOf (request: FastifyRequest): number | null {
  return request.principal?.type === 'employee' ? request.principal.id : null
}
