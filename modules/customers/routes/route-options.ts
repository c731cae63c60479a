import type { FastifyRequest } from 'fastify'
import type { CustomerAccounts } from '../services/accounts-extension.ts'
import type { ChangeOrigin } from '../services/consents.ts'
import type { CustomerServices } from '../services/customer-services.ts'

export interface CustomersRouteOptions { services: CustomerServices, accounts: CustomerAccounts }

export const tags = ['customers']

/** A change made by staff: the request's IP address and the employee (null for an API key) are recorded with consents. */
export function staffOrigin (request: FastifyRequest): ChangeOrigin {
  return { source: 'staff', ip: request.ip, employeeId: request.principal?.type === 'employee' ? request.principal.id : null }
}
