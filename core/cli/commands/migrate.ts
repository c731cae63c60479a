import { dependencyOrder } from '../../modules/dependency-graph.ts'
import { EXIT, type Command } from '../command.ts'
import { withPlatform } from '../open-platform.ts'

export const migrateCommand: Command = {
  words: ['migrate'],
  summary: 'Bring the database up to date with the code: the core migrations, then every module upgrade pending.',
  details: 'Run it after deploying new code. On a first run it also creates the first SuperAdmin and installs\n' +
    'the modules found, as the first start does.',
  async run () {
    return await withPlatform(async platform => {
      const print = (line: string): void => { process.stdout.write(line + '\n') }
      const ran = platform.coreMigrationsRun
      print(ran.length === 0 ? 'core: up to date' : `core: ran ${ran.join(', ')}`)
      const modules = platform.services.modules
      const pending = (await modules.list()).filter(status => status.state === 'upgrade-pending')
      if (pending.length === 0) print('modules: no upgrade pending')
      let failed = 0
      // A module that requires another is upgraded after it, so its requirement sees the new version.
      for (const name of dependencyOrder(pending.map(status => ({ name: status.name, requires: status.requires.modules }))).order) {
        const before = pending.find(status => status.name === name)!
        try {
          const after = await modules.upgrade(name)
          print(`module ${name}: upgraded from ${before.installedVersion} to ${after.installedVersion}`)
        } catch (error) {
          failed++
          print(`module ${name}: upgrade failed: ${(error as Error).message}`)
        }
      }
      return failed === 0 ? EXIT.ok : EXIT.failure
    })
  }
}
