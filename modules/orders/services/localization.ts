import type { LocalizationApi } from '@backroom/localization/api.ts'
import type { ModuleContext } from 'backroom'

/** Localization's reading API, which orders requires (so it is enabled while orders is). */
export function localizationOf (module: ModuleContext): LocalizationApi {
  const [provider] = module.extensions<LocalizationApi>('localization.service')
  if (provider === undefined) throw new Error('the localization module, which orders requires, offers no localization.service')
  return provider.implementation
}
