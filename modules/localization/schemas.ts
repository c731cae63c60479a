import Type, { type Static, type TSchema } from 'typebox'

// Formats only: a well-formed code that ISO never assigned is the shop's own business.
export const LanguageCode = Type.String({ pattern: '^[a-z]{2}$', description: 'ISO 639-1 code, lowercase (en, fr)' })
export const CurrencyCode = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, uppercase (EUR)' })
export const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code, uppercase (FR)' })
export const RegionCode = Type.String({ pattern: '^[A-Z0-9]{1,3}$', description: 'ISO 3166-2 subdivision code without the country prefix (CA for US-CA, QC for CA-QC)' })
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 })
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' })
export const ExchangeRate = Type.String({
  pattern: '^(?=.*[1-9])\\d{1,12}(\\.\\d{1,12})?$',
  description: 'Units of this currency for one unit of the default currency, as an exact decimal string (1.0842); greater than zero'
})
export const TaxRatePercent = Type.String({
  pattern: '^(100(\\.0{1,3})?|\\d{1,2}(\\.\\d{1,3})?)$',
  description: 'Percent from 0 to 100 with up to three decimals, as an exact decimal string (20, 5.5, 9.975)'
})
const PostcodePattern = Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()], {
  description: 'A JavaScript regular expression matched against the whole postcode (uppercase, single spaces); null: any postcode'
})

const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Page size' })
const ActiveFilter = Type.Boolean({ description: 'Only active (true) or inactive (false) records' })

// Languages

export const Language = Type.Object({ code: LanguageCode, name: Type.String(), active: Type.Boolean(), isDefault: Type.Boolean() })
export const LanguageParams = Type.Object({ code: LanguageCode }, { additionalProperties: false })
export const LanguageCreate = Type.Object({ code: LanguageCode, name: Name, active: Type.Optional(Type.Boolean()) }, { additionalProperties: false })
export const LanguageUpdate = Type.Object({ name: Type.Optional(Name), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 1 })
export type Language = Static<typeof Language>
export type LanguageCreate = Static<typeof LanguageCreate>
export type LanguageUpdate = Static<typeof LanguageUpdate>

// Currencies

export const Currency = Type.Object({
  code: CurrencyCode,
  name: Type.String(),
  symbol: Type.String(),
  exponent: Type.Integer({ description: 'Minor-unit exponent: amounts are integers of 10^-exponent units (2 for EUR, 0 for JPY)' }),
  exchangeRate: ExchangeRate,
  active: Type.Boolean(),
  isDefault: Type.Boolean()
})
export const CurrencyParams = Type.Object({ code: CurrencyCode }, { additionalProperties: false })
export const CurrencyCreate = Type.Object({
  code: CurrencyCode,
  name: Name,
  symbol: Type.String({ minLength: 1, maxLength: 8 }),
  exponent: Type.Integer({ minimum: 0, maximum: 4, description: 'Fixed at creation: amounts stored in minor units depend on it' }),
  exchangeRate: ExchangeRate,
  active: Type.Optional(Type.Boolean())
}, { additionalProperties: false })
export const CurrencyUpdate = Type.Object({
  name: Type.Optional(Name),
  symbol: Type.Optional(Type.String({ minLength: 1, maxLength: 8 })),
  exchangeRate: Type.Optional(ExchangeRate),
  active: Type.Optional(Type.Boolean())
}, { additionalProperties: false, minProperties: 1 })
export type Currency = Static<typeof Currency>
export type CurrencyCreate = Static<typeof CurrencyCreate>
export type CurrencyUpdate = Static<typeof CurrencyUpdate>

// Zones

export const Zone = Type.Object({ id: Type.Integer(), name: Type.String(), active: Type.Boolean(), countryCount: Type.Integer() })
export const ZoneCreate = Type.Object({ name: Name, active: Type.Optional(Type.Boolean()) }, { additionalProperties: false })
export const ZoneUpdate = Type.Object({ name: Type.Optional(Name), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 1 })
export const ZoneDeleteQuery = Type.Object({
  moveCountriesTo: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'Zone that receives the countries of the deleted one; without it a zone holding countries is not deleted' }))
}, { additionalProperties: false })
export type Zone = Static<typeof Zone>
export type ZoneCreate = Static<typeof ZoneCreate>
export type ZoneUpdate = Static<typeof ZoneUpdate>

// Countries

export const Country = Type.Object({
  code: CountryCode,
  name: Type.String(),
  zoneId: Type.Integer(),
  zoneName: Type.String(),
  active: Type.Boolean(),
  needsPostcode: Type.Boolean(),
  postcodePattern: Type.Union([Type.String(), Type.Null()])
})
export const CountryParams = Type.Object({ code: CountryCode }, { additionalProperties: false })
export const CountryCreate = Type.Object({
  code: CountryCode,
  name: Name,
  zoneId: Id,
  active: Type.Optional(Type.Boolean()),
  needsPostcode: Type.Optional(Type.Boolean()),
  postcodePattern: Type.Optional(PostcodePattern)
}, { additionalProperties: false })
export const CountryUpdate = Type.Object({
  name: Type.Optional(Name),
  zoneId: Type.Optional(Id),
  active: Type.Optional(Type.Boolean()),
  needsPostcode: Type.Optional(Type.Boolean()),
  postcodePattern: Type.Optional(PostcodePattern)
}, { additionalProperties: false, minProperties: 1 })
export const CountryListQuery = Type.Object({
  active: Type.Optional(ActiveFilter),
  zoneId: Type.Optional(Id),
  cursor: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'nextCursor of the previous page' })),
  limit: Limit
}, { additionalProperties: false })
export const CountryPage = Type.Object({ items: Type.Array(Country), nextCursor: Type.Union([CountryCode, Type.Null()], { description: 'Cursor of the next page; null on the last page' }) })
export const PostcodeCheckQuery = Type.Object({ postcode: Type.String({ maxLength: 32 }) }, { additionalProperties: false })
export const PostcodeCheck = Type.Object({
  country: CountryCode,
  postcode: Type.String({ description: 'The postcode as checked: trimmed, uppercase, single spaces' }),
  valid: Type.Boolean(),
  reason: Type.Union([Type.Literal('required'), Type.Literal('format'), Type.Literal('country_unknown'), Type.Null()]),
  pattern: Type.Union([Type.String(), Type.Null()])
})
export type Country = Static<typeof Country>
export type CountryCreate = Static<typeof CountryCreate>
export type CountryUpdate = Static<typeof CountryUpdate>
export type CountryListQuery = Static<typeof CountryListQuery>
export type PostcodeCheck = Static<typeof PostcodeCheck>

// Taxes

export const TaxRate = Type.Object({
  country: CountryCode,
  region: Type.Union([RegionCode, Type.Null()], { description: 'null: the whole country; a region line wins over the country line' }),
  rate: TaxRatePercent
})
export const TaxRateLine = Type.Object({ country: CountryCode, region: Type.Optional(Type.Union([RegionCode, Type.Null()])), rate: TaxRatePercent }, { additionalProperties: false })
const TaxRateLines = Type.Array(TaxRateLine, { maxItems: 2000 })
export const TaxRule = Type.Object({ id: Type.Integer(), name: Type.String(), active: Type.Boolean(), rates: Type.Array(TaxRate) })
export const TaxRuleSummary = Type.Object({ id: Type.Integer(), name: Type.String(), active: Type.Boolean(), rateCount: Type.Integer() })
export const TaxRuleCreate = Type.Object({ name: Name, active: Type.Optional(Type.Boolean()), rates: Type.Optional(TaxRateLines) }, { additionalProperties: false })
export const TaxRuleUpdate = Type.Object({ name: Type.Optional(Name), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 1 })
export const TaxRatesReplace = Type.Object({ rates: TaxRateLines }, { additionalProperties: false })
export const TaxRuleListQuery = Type.Object({
  active: Type.Optional(ActiveFilter),
  cursor: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647, description: 'nextCursor of the previous page' })),
  limit: Limit
}, { additionalProperties: false })
export const TaxRulePage = Type.Object({ items: Type.Array(TaxRuleSummary), nextCursor: Type.Union([Type.Integer(), Type.Null()], { description: 'Cursor of the next page; null on the last page' }) })
export const TaxRateQuery = Type.Object({ country: CountryCode, region: Type.Optional(RegionCode) }, { additionalProperties: false })
export const TaxRateMatch = Type.Object({
  ruleId: Type.Integer(),
  country: CountryCode,
  region: Type.Union([RegionCode, Type.Null()], { description: 'The region of the matching line; null when the country line applies' }),
  rate: TaxRatePercent
})
export type TaxRate = Static<typeof TaxRate>
export type TaxRateLine = Static<typeof TaxRateLine>
export type TaxRule = Static<typeof TaxRule>
export type TaxRuleSummary = Static<typeof TaxRuleSummary>
export type TaxRuleCreate = Static<typeof TaxRuleCreate>
export type TaxRuleUpdate = Static<typeof TaxRuleUpdate>
export type TaxRuleListQuery = Static<typeof TaxRuleListQuery>
export type TaxRateMatch = Static<typeof TaxRateMatch>

export const ItemsOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) })
export const ActiveQuery = Type.Object({ active: Type.Optional(ActiveFilter) }, { additionalProperties: false })
export const NoContent = Type.Null({ description: 'No content' })
