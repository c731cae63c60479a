import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type, { type TObject } from 'typebox'
import { responses } from 'backroom'
import { Address, AddressCreateBody, AddressList, AddressUpdateBody } from '../schemas.ts'
import type { AddressService } from '../services/address-service.ts'

export interface AddressRoutesSpec {
  /** Where the addresses are: `/customers/:id/addresses` for staff, `/me/addresses` in the shop. */
  url: string
  /** Parameters of the list URL, and of one address (`:addressId` added). */
  params: TObject | undefined
  itemParams: TObject
  read: FastifyContextConfig
  write: FastifyContextConfig
  /** The customer whose addresses the request is about. */
  customerId: (request: FastifyRequest) => number
  /** Whose addresses, for the summaries: "a customer's", "the signed-in customer's". */
  whose: string
  tags: string[]
}

const addressIdOf = (request: FastifyRequest): number => (request.params as { addressId: number }).addressId

/** List, add, change and delete the addresses of one customer: the same rules for staff and for the shop. */
export function registerAddressRoutes (base: FastifyInstance, addresses: AddressService, spec: AddressRoutesSpec): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const { url, tags, whose, customerId } = spec
  const listParams = spec.params === undefined ? {} : { params: spec.params }
  const params = spec.itemParams

  app.get(url, {
    config: spec.read,
    schema: { tags, summary: `List ${whose} addresses`, ...listParams, response: responses({ 200: AddressList }) }
  }, async request => ({ items: await addresses.list(customerId(request)) }))

  app.post(url, {
    config: spec.write,
    schema: { tags, summary: `Add an address of ${whose}: in an active country, its postcode fitting the country's format`, ...listParams, body: AddressCreateBody, response: responses({ 201: Address }) }
  }, async (request, reply) => await reply.status(201).send(await addresses.create(customerId(request), request.body)))

  app.patch(`${url}/:addressId`, {
    config: spec.write,
    schema: { tags, summary: `Change an address of ${whose}; the country and postcode are checked together`, params, body: AddressUpdateBody, response: responses({ 200: Address }) }
  }, async request => await addresses.update(customerId(request), addressIdOf(request), request.body))

  app.delete(`${url}/:addressId`, {
    config: spec.write,
    schema: { tags, summary: `Delete an address of ${whose}`, params, response: responses({ 204: Type.Null() }) }
  }, async (request, reply) => {
    await addresses.delete(customerId(request), addressIdOf(request))
    return await reply.status(204).send(null)
  })
}
