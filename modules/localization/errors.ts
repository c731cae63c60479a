import { defineErrors } from 'backroom'

export const localizationErrors = defineErrors('localization', {
  BR_LOCALIZATION_LANGUAGE_NOT_FOUND: { status: 404, message: 'Language %s not found', description: 'No language with this ISO 639-1 code.' },
  BR_LOCALIZATION_CURRENCY_NOT_FOUND: { status: 404, message: 'Currency %s not found', description: 'No currency with this ISO 4217 code.' },
  BR_LOCALIZATION_COUNTRY_NOT_FOUND: { status: 404, message: 'Country %s not found', description: 'No country with this ISO 3166-1 alpha-2 code.' },
  BR_LOCALIZATION_ZONE_NOT_FOUND: { status: 404, message: 'Zone %s not found', description: 'No zone with this id.' },
  BR_LOCALIZATION_TAX_RULE_NOT_FOUND: { status: 404, message: 'Tax rule %s not found', description: 'No tax rule with this id.' },
  BR_LOCALIZATION_TAX_RATE_NOT_FOUND: { status: 404, message: 'Tax rule %s has no rate for %s', description: 'The tax rule holds no line for this country (nor for this region of it).' },
  BR_LOCALIZATION_REFERENCE_UNKNOWN: { status: 400, message: '%s %s does not exist', description: 'The body names a zone, country or other record that does not exist; `details` gives the field and the value.' },
  BR_LOCALIZATION_DUPLICATE: { status: 409, message: '%s', description: 'A language, currency or country with this ISO code, or a zone or tax rule with this name, already exists.' },
  BR_LOCALIZATION_DEFAULT_PROTECTED: { status: 409, message: '%s', description: 'The default language or currency cannot be deactivated or deleted, and the default currency\'s exchange rate is always 1; make another one the default first.' },
  BR_LOCALIZATION_DEFAULT_INACTIVE: { status: 409, message: '%s %s is inactive: activate it before making it the default', description: 'Only an active language or currency can become the default.' },
  BR_LOCALIZATION_IN_USE: { status: 409, message: '%s', description: 'The record is still referenced (countries of a zone, tax rates of a country, or records of a module that depends on localization); `details.references` says where. Move or delete those first.' },
  BR_LOCALIZATION_ZONE_TARGET_INVALID: { status: 400, message: 'The countries of zone %s cannot move to the zone being deleted', description: 'moveCountriesTo must name another zone.' },
  BR_LOCALIZATION_POSTCODE_PATTERN_INVALID: { status: 400, message: 'The postcode pattern is not a valid regular expression: %s', description: 'postcodePattern must compile as a JavaScript regular expression (unicode mode); it is matched against the whole postcode.' },
  BR_LOCALIZATION_TAX_RATE_DUPLICATE: { status: 400, message: 'The rates list %s twice', description: 'A tax rule holds at most one rate per country and region.' },
  BR_LOCALIZATION_EXCHANGE_RATE_RANGE: { status: 409, message: 'Making %s the default would put the exchange rate of %s out of range', description: 'Rescaling the exchange rates to the new default would round a rate to zero or overflow it; correct the rates first.' }
})
