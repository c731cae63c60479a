import type { CurrencyCreate, LanguageCreate } from '../schemas.ts'

// Loaded once, at install. The shop edits them afterwards; an upgrade never overwrites them.

export const DEFAULT_LANGUAGE = 'en'
export const LANGUAGES: LanguageCreate[] = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'Français' }
]

// Indicative rates against the euro; the shop sets its own before selling in another currency.
export const DEFAULT_CURRENCY = 'EUR'
export const CURRENCIES: CurrencyCreate[] = [
  { code: 'EUR', name: 'Euro', symbol: '€', exponent: 2, exchangeRate: '1' },
  { code: 'USD', name: 'US Dollar', symbol: '$', exponent: 2, exchangeRate: '1.17' },
  { code: 'GBP', name: 'Pound Sterling', symbol: '£', exponent: 2, exchangeRate: '0.87' },
  { code: 'JPY', name: 'Yen', symbol: '¥', exponent: 0, exchangeRate: '172' }
]

export const ZONES = ['Europe', 'North America', 'Asia'] as const

export interface SeedCountry {
  code: string
  name: string
  zone: typeof ZONES[number]
  needsPostcode: boolean
  postcodePattern: string | null
  /** Standard VAT rate in percent, for the countries of the European Union. */
  vat?: string
}

// Postcode patterns match the whole postcode after it is trimmed, uppercased and its spaces
// collapsed. VAT: standard rates in force in 2025 (Estonia 24 from July, Romania 21 from August).
export const COUNTRIES: SeedCountry[] = [
  { code: 'AT', name: 'Austria', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{4}', vat: '20' },
  { code: 'BE', name: 'Belgium', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{4}', vat: '21' },
  { code: 'BG', name: 'Bulgaria', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{4}', vat: '20' },
  { code: 'HR', name: 'Croatia', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{5}', vat: '25' },
  { code: 'CY', name: 'Cyprus', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{4}', vat: '19' },
  { code: 'CZ', name: 'Czechia', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{3} ?\\d{2}', vat: '21' },
  { code: 'DK', name: 'Denmark', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{4}', vat: '25' },
  { code: 'EE', name: 'Estonia', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{5}', vat: '24' },
  { code: 'FI', name: 'Finland', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{5}', vat: '25.5' },
  { code: 'FR', name: 'France', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{5}', vat: '20' },
  { code: 'DE', name: 'Germany', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{5}', vat: '19' },
  { code: 'GR', name: 'Greece', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{3} ?\\d{2}', vat: '24' },
  { code: 'HU', name: 'Hungary', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{4}', vat: '27' },
  // Eircodes exist but many addresses are still written without one.
  { code: 'IE', name: 'Ireland', zone: 'Europe', needsPostcode: false, postcodePattern: '(?:[AC-FHKNPRTV-Y]\\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}', vat: '23' },
  { code: 'IT', name: 'Italy', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{5}', vat: '22' },
  { code: 'LV', name: 'Latvia', zone: 'Europe', needsPostcode: true, postcodePattern: '(?:LV-)?\\d{4}', vat: '21' },
  { code: 'LT', name: 'Lithuania', zone: 'Europe', needsPostcode: true, postcodePattern: '(?:LT-)?\\d{5}', vat: '21' },
  { code: 'LU', name: 'Luxembourg', zone: 'Europe', needsPostcode: true, postcodePattern: '(?:L-)?\\d{4}', vat: '17' },
  { code: 'MT', name: 'Malta', zone: 'Europe', needsPostcode: true, postcodePattern: '[A-Z]{3} ?\\d{2,4}', vat: '18' },
  { code: 'NL', name: 'Netherlands', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{4} ?[A-Z]{2}', vat: '21' },
  { code: 'PL', name: 'Poland', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{2}-\\d{3}', vat: '23' },
  { code: 'PT', name: 'Portugal', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{4}-\\d{3}', vat: '23' },
  { code: 'RO', name: 'Romania', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{6}', vat: '21' },
  { code: 'SK', name: 'Slovakia', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{3} ?\\d{2}', vat: '23' },
  { code: 'SI', name: 'Slovenia', zone: 'Europe', needsPostcode: true, postcodePattern: '(?:SI-)?\\d{4}', vat: '22' },
  { code: 'ES', name: 'Spain', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{5}', vat: '21' },
  { code: 'SE', name: 'Sweden', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{3} ?\\d{2}', vat: '25' },
  { code: 'GB', name: 'United Kingdom', zone: 'Europe', needsPostcode: true, postcodePattern: '[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}' },
  { code: 'CH', name: 'Switzerland', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{4}' },
  { code: 'NO', name: 'Norway', zone: 'Europe', needsPostcode: true, postcodePattern: '\\d{4}' },
  { code: 'US', name: 'United States', zone: 'North America', needsPostcode: true, postcodePattern: '\\d{5}(?:-\\d{4})?' },
  { code: 'CA', name: 'Canada', zone: 'North America', needsPostcode: true, postcodePattern: '[ABCEGHJ-NPRSTVXY]\\d[ABCEGHJ-NPRSTV-Z] ?\\d[ABCEGHJ-NPRSTV-Z]\\d' },
  { code: 'JP', name: 'Japan', zone: 'Asia', needsPostcode: true, postcodePattern: '\\d{3}-?\\d{4}' }
]

export const STANDARD_RATE_RULE = 'Standard rate'
