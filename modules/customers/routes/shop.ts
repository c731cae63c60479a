import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { responses } from 'backroom'
import { LoginBody, OwnAddressParams, OwnProfile, OwnProfileUpdateBody, RegisterBody, ShopSession } from '../schemas.ts'
import type { CustomerAccount } from '../services/accounts-extension.ts'
import { toOwnProfile } from '../services/shop-sessions.ts'
import { registerAddressRoutes } from './address-routes.ts'
import type { CustomersRouteOptions } from './route-options.ts'

const tags = ['customers: shop']
// Public in the core's terms: the customer token is checked here, never by the staff guard.
const shopRoute = { public: true }

/**
 * /api/customers/shop: what customers do themselves. Registering and logging in are open; every
 * other route runs behind one hook that admits an active customer's token.
 */
export const shopRoutes: FastifyPluginAsync<CustomersRouteOptions> = async (base, { services, accounts }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const { sessions, customers, addresses } = services

  app.post('/register', {
    config: shopRoute,
    schema: { tags, summary: 'Create one\'s customer account and sign in; opt-ins record the time and IP address of the consent', body: RegisterBody, response: responses({ 201: ShopSession }) }
  }, async (request, reply) => await reply.status(201).send(await sessions.register(request.body, request.ip)))

  app.post('/login', {
    config: shopRoute,
    schema: {
      tags,
      summary: 'Log in with email and password: a short-lived customer token (log out by forgetting it)',
      description: 'Rate limited per email and per IP address (429 BR_CUSTOMERS_LOGIN_RATE_LIMITED with Retry-After).',
      body: LoginBody,
      response: responses({ 200: ShopSession })
    }
  }, async request => await sessions.login(request.body.email, request.body.password, request.ip))

  await app.register(async scope => {
    const signedIn = new WeakMap<FastifyRequest, CustomerAccount>()
    scope.addHook('onRequest', async request => { signedIn.set(request, await accounts.authenticate(request.headers.authorization)) })
    const customerId = (request: FastifyRequest): number => signedIn.get(request)!.id
    const shop = scope.withTypeProvider<TypeBoxTypeProvider>()
    const description = 'Needs Authorization: Bearer <customer token>; 401 BR_CUSTOMERS_UNAUTHENTICATED without a valid one, 403 BR_CUSTOMERS_INACTIVE once deactivated.'

    shop.post('/refresh', {
      config: shopRoute,
      schema: { tags, summary: 'Trade a valid customer token for a fresh one', description, response: responses({ 200: ShopSession }) }
    }, async request => await sessions.refresh(customerId(request)))

    shop.get('/me', {
      config: shopRoute,
      schema: { tags, summary: 'The signed-in customer\'s own account', description, response: responses({ 200: OwnProfile }) }
    }, async request => toOwnProfile(await customers.get(customerId(request))))

    shop.patch('/me', {
      config: shopRoute,
      schema: { tags, summary: 'Edit one\'s own account; a new email or password needs currentPassword', description, body: OwnProfileUpdateBody, response: responses({ 200: OwnProfile }) }
    }, async request => await sessions.updateOwn(customerId(request), request.body, request.ip))

    registerAddressRoutes(shop, addresses, {
      url: '/me/addresses',
      params: undefined,
      itemParams: OwnAddressParams,
      read: shopRoute,
      write: shopRoute,
      customerId,
      whose: 'the signed-in customer\'s',
      tags
    })
  })
}
