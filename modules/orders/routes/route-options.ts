import type { FastifyRequest } from 'fastify'
import type { Caller } from '../services/order-service.ts'
import type { OrdersServices } from '../services/orders-services.ts'

export interface OrdersRouteOptions { services: OrdersServices }

export const tags = ['orders']

/** The employee or API key behind a staff request, with the permissions it holds. */
export function callerOf (request: FastifyRequest): Caller {
  const principal = request.principal
  if (principal === null) throw new Error('a staff route ran without a principal')
  return {
    type: principal.type,
    id: principal.id,
    label: principal.label,
    holds: permission => principal.permissions === 'all' || principal.permissions.has(permission)
  }
}
