import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { callerOf } from '../../people/callers.ts'
import { Employee, EmployeeFields, NextCursor, PageQuery } from '../../people/people-schemas.ts'
import { IdParams, responses } from '../schemas.ts'

const { language, active, ...required } = EmployeeFields
const NewEmployee = Type.Object({ ...required, language: Type.Optional(language), active: Type.Optional(active) }, { additionalProperties: false })
const EmployeeChanges = Type.Partial(Type.Object(EmployeeFields), { additionalProperties: false, minProperties: 1 })
const ListQuery = Type.Object({
  active: Type.Optional(Type.Boolean()),
  profileId: Type.Optional(EmployeeFields.profileId),
  text: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of the email, first or last name' })),
  ...PageQuery
}, { additionalProperties: false })

/** /api/employees: who works in the back office, their profile, and whether they may sign in. */
export const employeeRoutes: FastifyPluginAsync = async base => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const { employees } = app.services
  const tags = ['employees']

  app.get('/api/employees', {
    config: { permission: 'core.employees.read' },
    schema: { tags, summary: 'List employees, oldest first, a page at a time', querystring: ListQuery, response: responses({ 200: Type.Object({ items: Type.Array(Employee), nextCursor: NextCursor }) }) }
  }, async request => {
    const { cursor, ...filter } = request.query
    return await employees.list({ ...filter, after: cursor })
  })

  app.post('/api/employees', {
    config: { permission: 'core.employees.write' },
    schema: { tags, summary: 'Create an employee', body: NewEmployee, response: responses({ 201: Employee }) }
  }, async (request, reply) => await reply.status(201).send(await employees.create(callerOf(request), request.body)))

  app.get('/api/employees/:id', {
    config: { permission: 'core.employees.read' },
    schema: { tags, summary: 'One employee', params: IdParams, response: responses({ 200: Employee }) }
  }, async request => await employees.get(request.params.id))

  app.patch('/api/employees/:id', {
    config: { permission: 'core.employees.write' },
    schema: {
      tags,
      summary: 'Change an employee',
      description: 'Deactivating an employee or setting their password ends their sessions. Refused: deactivating oneself, or leaving no active SuperAdmin (409 BR_EMPLOYEE_SELF_LOCKOUT).',
      params: IdParams,
      body: EmployeeChanges,
      response: responses({ 200: Employee })
    }
  }, async request => await employees.update(callerOf(request), request.params.id, request.body))
}
