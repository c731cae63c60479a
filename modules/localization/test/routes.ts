import type { LocalizationPlatform } from './helpers.ts'

export interface LocalizationRoute { method: string, url: string, permission: string }

/** The module's routes as the platform's route guard registered them. */
export function localizationRoutes (platform: LocalizationPlatform): LocalizationRoute[] {
  return platform.shop.app.routeCatalog
    .filter(route => route.module === 'localization' && route.method !== 'HEAD')
    .map(route => ({ method: route.method, url: route.url, permission: route.permission! }))
}

const QUERY: Record<string, string> = { 'postcode-check': '?postcode=75001', rate: '?country=FR' }

/** A concrete URL for a route pattern, on records the defaults hold. */
export function sampleUrl (url: string, ids: { zoneId: number, ruleId: number }): string {
  const key: Record<string, string> = { languages: 'fr', currencies: 'USD', countries: 'FR', zones: String(ids.zoneId), rules: String(ids.ruleId) }
  const concrete = url.replace(/\/(languages|currencies|countries|zones|rules)\/:(code|id)/, (_, resource: string) => `/${resource}/${key[resource]}`)
  return concrete + (QUERY[concrete.split('/').pop()!] ?? '')
}

export async function defaultIds (platform: LocalizationPlatform): Promise<{ zoneId: number, ruleId: number }> {
  const zones: Array<{ id: number, name: string }> = (await platform.asAdmin({ url: '/api/localization/zones' })).json().items
  const rules: Array<{ id: number }> = (await platform.asAdmin({ url: '/api/localization/taxes/rules' })).json().items
  return { zoneId: zones.find(zone => zone.name === 'Europe')!.id, ruleId: rules[0].id }
}
