import type { Knex } from 'knex'
import type { LocalizationApi } from '@backroom/localization/api.ts'

/** Formats minor units of a currency with its exponent ("12.50 EUR", "1200 JPY"), for documents and emails. */
export async function moneyFormat (localization: LocalizationApi, currency: string, db?: Knex): Promise<(amount: number) => string> {
  const exponent = (await localization.getCurrency(currency, db))?.exponent ?? 2
  return amount => {
    const sign = amount < 0 ? '-' : ''
    const digits = String(Math.abs(amount)).padStart(exponent + 1, '0')
    const units = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`
    return `${sign}${units} ${currency}`
  }
}
