import { defineModule, type PermissionDeclaration } from 'backroom'
import { localizationApi } from './api.ts'
import { localizationRoutes } from './routes/index.ts'
import { installDefaults } from './seed/install-defaults.ts'
import { createServices } from './services/index.ts'

const AGGREGATES = { languages: 'languages', currencies: 'currencies and exchange rates', countries: 'countries and postcode rules', zones: 'zones', taxes: 'tax rules and rates' }

// Every employee reads localization data (prices, addresses and texts need it); writing is per aggregate.
const permissions: Record<string, PermissionDeclaration> = {}
for (const [aggregate, what] of Object.entries(AGGREGATES)) {
  permissions[`${aggregate}.read`] = { description: `See ${what}`, profiles: ['Logistician', 'Translator', 'Salesman'] }
  permissions[`${aggregate}.write`] = { description: `Create, change and delete ${what}` }
}

export default defineModule({
  name: 'localization',
  requires: { core: '^0.1.0' },
  permissions,
  migrations: new URL('./migrations', import.meta.url).pathname,
  routes: localizationRoutes,
  provides: {
    service: { description: 'Read languages, currencies, countries, postcode checks and tax rates: the LocalizationApi of api.ts' },
    usage: { description: 'Tell how many of your records reference a language, currency, country, zone or tax rule, so that localization refuses to delete it (LocalizationUsage in api.ts)' },
    languages: { description: 'Prepare your per-language data for a new language, in the transaction that adds it (LanguageLifecycle in api.ts)' }
  },
  extends: { 'localization.service': localizationApi },
  lifecycle: {
    async install (context, trx) {
      await installDefaults(createServices(trx, () => []), trx)
    }
  }
})
