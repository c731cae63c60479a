import type { ModuleStatus } from '../../modules/module-status.ts'
import { EXIT, UsageError, type Command } from '../command.ts'
import { withPlatform } from '../open-platform.ts'
import { renderTable } from '../table.ts'

const print = (line: string): void => { process.stdout.write(line + '\n') }

function describeState (status: ModuleStatus): string {
  const version = status.installedVersion === null ? '' : ` (installed ${status.installedVersion})`
  const error = status.lastError === null ? '' : `: ${status.lastError}`
  return `module ${status.name}: ${status.state}${version}${error}`
}

const listCommand: Command = {
  words: ['modules', 'list'],
  summary: 'List the modules found on disk or installed, with their state.',
  async run () {
    return await withPlatform(async platform => {
      const modules = await platform.services.modules.list()
      if (modules.length === 0) {
        print('No module found in node_modules or BACKROOM_MODULE_PATHS, and none installed.')
        return EXIT.ok
      }
      print(renderTable(['NAME', 'STATE', 'INSTALLED', 'FOUND', 'LAST ERROR'], modules.map(module => [
        module.name, module.state, module.installedVersion ?? '-', module.foundVersion ?? '-', module.lastError ?? ''
      ])))
      return EXIT.ok
    })
  }
}

const NOTIFIES = 'A server running on the same PostgreSQL follows within a second.'

function lifecycleCommand (action: 'install' | 'enable' | 'disable' | 'upgrade', summary: string): Command {
  return {
    words: ['modules', action],
    summary,
    positionals: ['<name>'],
    details: NOTIFIES,
    async run ({ positionals: [name] }) {
      return await withPlatform(async platform => {
        print(describeState(await platform.services.modules[action](name)))
        return EXIT.ok
      })
    }
  }
}

const uninstallCommand: Command = {
  words: ['modules', 'uninstall'],
  summary: 'Uninstall a module: run its migrations down and drop its schema, with all its data.',
  positionals: ['<name>'],
  options: { confirm: { value: '<name>', description: 'The module name again: uninstalling drops its data' } },
  details: NOTIFIES,
  async run ({ positionals: [name], options }) {
    return await withPlatform(async platform => {
      let result
      try {
        result = await platform.services.modules.uninstall(name, options.confirm)
      } catch (error) {
        if ((error as { code?: string }).code !== 'BR_MODULE_CONFIRMATION_REQUIRED') throw error
        throw new UsageError(`uninstalling ${name} drops its data: repeat its name with --confirm ${name}`, uninstallCommand)
      }
      print(`module ${name}: uninstalled, now ${result.state}`)
      return EXIT.ok
    })
  }
}

export const moduleCommands: Command[] = [
  listCommand,
  lifecycleCommand('install', 'Install a module found on disk: run its migrations, register its permissions, enable it.'),
  lifecycleCommand('enable', 'Enable an installed module: its routes and event handlers serve again.'),
  lifecycleCommand('disable', 'Disable a module, keeping its data: its routes answer 404 until enabled again.'),
  lifecycleCommand('upgrade', 'Upgrade a module whose code on disk is newer than the installed version: run its new migrations.'),
  uninstallCommand
]
