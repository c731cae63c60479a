import { localizationErrors } from '../errors.ts'
import type { PostcodeCheck } from '../schemas.ts'

export interface PostcodeRules { code: string, needsPostcode: boolean, postcodePattern: string | null }

/** Postcodes are compared trimmed, uppercase and with single spaces, as shoppers type them loosely. */
export const normalizePostcode = (postcode: string): string => postcode.trim().replace(/\s+/g, ' ').toUpperCase()

/** The pattern as a regular expression over the whole postcode; a pattern that does not compile is a 400. */
export function compilePostcodePattern (pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u')
  } catch (error) {
    throw new localizationErrors.BR_LOCALIZATION_POSTCODE_PATTERN_INVALID((error as Error).message)
  }
}

export function checkPostcode (country: PostcodeRules, postcode: string): PostcodeCheck {
  const normalized = normalizePostcode(postcode)
  const verdict = (reason: PostcodeCheck['reason']): PostcodeCheck =>
    ({ country: country.code, postcode: normalized, valid: reason === null, reason, pattern: country.postcodePattern })
  if (normalized === '') return verdict(country.needsPostcode ? 'required' : null)
  if (country.postcodePattern === null) return verdict(null)
  return verdict(compilePostcodePattern(country.postcodePattern).test(normalized) ? null : 'format')
}

export const unknownCountryCheck = (code: string, postcode: string): PostcodeCheck =>
  ({ country: code, postcode: normalizePostcode(postcode), valid: false, reason: 'country_unknown', pattern: null })
