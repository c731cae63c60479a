import Type from 'typebox'
import Value from 'typebox/value'
import { EmployeeFields } from '../../people/people-schemas.ts'
import { generatePassword } from '../../people/passwords.ts'
import { CliError, EXIT, type Command } from '../command.ts'
import { withPlatform } from '../open-platform.ts'

/** The options, held to the same rules as POST /api/employees; the keys are the option names. */
const NewEmployeeOptions = Type.Object({
  email: EmployeeFields.email,
  'first-name': EmployeeFields.firstName,
  'last-name': EmployeeFields.lastName,
  profile: Type.String({ minLength: 1 }),
  password: Type.Optional(EmployeeFields.password)
})

function checkOptions (options: Record<string, string | undefined>): void {
  // Messages say what is wrong, never the value: a password is never echoed.
  const problems = [...Value.Errors(NewEmployeeOptions, options)].map(error => `--${error.instancePath.slice(1)} ${error.message}`)
  if (problems.length > 0) throw new CliError(`the employee was not created: ${problems.join('; ')}`, EXIT.usage)
}

export const createEmployeeCommand: Command = {
  words: ['employees', 'create'],
  summary: 'Create an employee who can log in to the back office.',
  options: {
    email: { value: '<email>', description: 'Login email, unique', required: true },
    'first-name': { value: '<name>', description: 'First name', required: true },
    'last-name': { value: '<name>', description: 'Last name', required: true },
    profile: { value: '<profile>', description: 'Profile name: SuperAdmin, Logistician, Translator, Salesman, or one made since', required: true },
    password: { value: '<password>', description: 'At least 10 characters; when left out, one is generated and printed once' }
  },
  async run ({ options }) {
    checkOptions(options)
    return await withPlatform(async platform => {
      const { employees, profiles } = platform.services
      const known = await profiles.list()
      const profile = known.find(candidate => candidate.name === options.profile)
      if (profile === undefined) {
        throw new CliError(`there is no profile ${options.profile}; the profiles are ${known.map(candidate => candidate.name).join(', ')}`, EXIT.usage)
      }
      const password = options.password ?? generatePassword()
      // The operator at the command line acts with every right: no actor to check against.
      const employee = await employees.create(null, {
        email: options.email!,
        firstName: options['first-name']!,
        lastName: options['last-name']!,
        password,
        profileId: profile.id
      })
      process.stdout.write(`Employee ${employee.id} created: ${employee.email} (${profile.name})\n`)
      if (options.password === undefined) process.stdout.write(`Password (shown once, write it down): ${password}\n`)
      return EXIT.ok
    })
  }
}
