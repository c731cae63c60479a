import Type, { type Static, type TSchema } from 'typebox'
import { CONSENT_KINDS, CONSENT_SOURCES } from './services/consents.ts'
import { CUSTOMER_SORTS } from './services/customer-search.ts'

const INT_MAX = 2147483647

const Id = Type.Integer({ minimum: 1, maximum: INT_MAX })
// Services hand out Dates; the serializer writes them as ISO 8601 strings.
const Timestamp = Type.Unsafe<Date>(Type.String({ format: 'date-time' }))
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
/** Options of a change that alters some fields: at least one, nothing unknown. */
const change = { additionalProperties: false, minProperties: 1 }

const PersonName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' })
const Email = Type.String({ format: 'email', maxLength: 254 })
/** Long enough to resist guessing; capped because argon2 hashes whatever it is given. */
const NewPassword = Type.String({ minLength: 8, maxLength: 1024, description: 'At least 8 characters' })
const GivenPassword = Type.String({ minLength: 1, maxLength: 1024 })
const LanguageCode = Type.String({ pattern: '^[a-z]{2}$', description: 'ISO 639-1 code of an active language of the localization module' })
const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code of an active country of the localization module' })
const RegionCode = Type.String({ pattern: '^[A-Z0-9]{1,3}$', description: 'ISO 3166-2 subdivision code without the country prefix (CA for US-CA), as localization\'s tax rates name regions' })
const Phone = Type.String({ pattern: '^\\+?[0-9][0-9 ().-]{2,31}$', description: 'Digits, spaces, dots, dashes and brackets, optionally after a +' })
const Company = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })
const VatNumber = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9 .-]{1,29}$', description: 'An intra-community VAT or company tax number, as written' })
const Birthday = Type.String({ format: 'date', description: 'YYYY-MM-DD, between 1900-01-01 and today' })
const Note = Type.String({ maxLength: 10000 })
const DiscountBasisPoints = Type.Integer({ minimum: 0, maximum: 10000, description: 'Percent in basis points: 1250 is 12.50 %; 0 to 10000' })
const AddressLine = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })

export const CustomerParams = Type.Object({ id: Id }, { additionalProperties: false })
export const AddressParams = Type.Object({ id: Id, addressId: Id }, { additionalProperties: false })
export const OwnAddressParams = Type.Object({ addressId: Id }, { additionalProperties: false })

// Customers

const profileFields = {
  firstName: PersonName,
  lastName: PersonName,
  language: LanguageCode,
  phone: Nullable(Phone),
  company: Nullable(Company),
  vatNumber: Nullable(VatNumber),
  birthday: Nullable(Birthday),
  newsletter: Type.Boolean({ description: 'Opted in to the newsletter; the time and IP address of the consent are recorded' }),
  partner: Type.Boolean({ description: 'Opted in to partners\' offers; the time and IP address of the consent are recorded' })
}
const staffFields = {
  ...profileFields,
  email: Email,
  password: NewPassword,
  groupIds: Type.Array(Id, { maxItems: 100, uniqueItems: true, description: 'Customer groups (B2B prices); the default group when left out at creation' }),
  note: Nullable(Note)
}
const optionalStaffFields = Type.Partial(Type.Object(staffFields)).properties
const optionalProfileFields = Type.Partial(Type.Object(profileFields)).properties

export const CustomerCreateBody = Type.Object({
  ...optionalStaffFields,
  email: staffFields.email,
  firstName: staffFields.firstName,
  lastName: staffFields.lastName,
}, { additionalProperties: false, description: 'Without a password the customer cannot log in until one is set' })
export type CustomerCreateBody = Static<typeof CustomerCreateBody>

export const CustomerUpdateBody = Type.Object(optionalStaffFields, change)
export type CustomerUpdateBody = Static<typeof CustomerUpdateBody>

const Consent = Type.Object({
  optedIn: Type.Boolean(),
  at: Nullable(Timestamp),
  ip: Nullable(Type.String({ description: 'IP address the consent came from' }))
}, { description: 'The current consent; null time and IP when not opted in' })

/** What a customer and the staff both see of an account. */
const ProfileFields = {
  id: Type.Integer(),
  email: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  language: Type.String(),
  phone: Nullable(Type.String()),
  company: Nullable(Type.String()),
  vatNumber: Nullable(Type.String()),
  birthday: Nullable(Type.String({ format: 'date' })),
}

export const Customer = Type.Object({
  ...ProfileFields,
  active: Type.Boolean(),
  hasPassword: Type.Boolean({ description: 'False for an account created by staff without a password: it cannot log in yet' }),
  groupIds: Type.Array(Type.Integer()),
  discountBasisPoints: Type.Integer({ description: 'Best default discount of the customer\'s groups, in basis points' }),
  newsletter: Consent,
  partner: Consent,
  note: Nullable(Type.String({ description: 'Staff only: never shown to the customer' })),
  anonymizedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp
})
export type Customer = Static<typeof Customer>

const OrderHistorySummary = Type.Object({
  orderCount: Type.Integer(),
  totalSpent: Type.Array(Type.Object({ currency: Type.String(), amount: Type.Integer({ description: 'Minor units of the currency' }) }))
}, { description: 'From the module implementing customers.history (orders); zero and empty without one' })

// Addresses

const addressFields = {
  alias: Type.String({ minLength: 1, maxLength: 50, pattern: '\\S', description: 'The customer\'s name for it: Home, Office' }),
  firstName: PersonName,
  lastName: PersonName,
  company: Nullable(Company),
  line1: AddressLine,
  line2: Nullable(AddressLine),
  postcode: Type.String({ maxLength: 32, description: 'Checked against the format of the country; empty where the country has no postcodes' }),
  city: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  countryCode: CountryCode,
  region: Nullable(RegionCode),
  phone: Nullable(Phone)
}
const optionalAddressFields = Type.Partial(Type.Object(addressFields)).properties

export const AddressCreateBody = Type.Object({
  ...optionalAddressFields,
  alias: addressFields.alias,
  firstName: addressFields.firstName,
  lastName: addressFields.lastName,
  line1: addressFields.line1,
  postcode: addressFields.postcode,
  city: addressFields.city,
  countryCode: addressFields.countryCode
}, { additionalProperties: false })
export type AddressCreateBody = Static<typeof AddressCreateBody>

export const AddressUpdateBody = Type.Object(optionalAddressFields, change)
export type AddressUpdateBody = Static<typeof AddressUpdateBody>

export const Address = Type.Object({
  id: Type.Integer(),
  customerId: Type.Integer(),
  alias: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  company: Nullable(Type.String()),
  line1: Type.String(),
  line2: Nullable(Type.String()),
  postcode: Type.String({ description: 'As checked: trimmed, uppercase, single spaces' }),
  city: Type.String(),
  countryCode: Type.String(),
  region: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp
})
export type Address = Static<typeof Address>

export const AddressList = Type.Object({ items: Type.Array(Address) })

export const CustomerDetail = Type.Object({
  ...Customer.properties,
  addresses: Type.Array(Address),
  history: OrderHistorySummary
})
export type CustomerDetail = Static<typeof CustomerDetail>

// Lists

export const CustomerListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Prefixes of words of the first name, last name or company, or a prefix of the email' })),
  groupId: Type.Optional(Id),
  active: Type.Optional(Type.Boolean()),
  newsletter: Type.Optional(Type.Boolean({ description: 'Opted in to the newsletter (true) or not (false)' })),
  createdFrom: Type.Optional(Type.String({ format: 'date-time', description: 'Created at or after this moment' })),
  createdTo: Type.Optional(Type.String({ format: 'date-time', description: 'Created before this moment' })),
  sort: Type.Optional(Type.Enum(CUSTOMER_SORTS, { default: 'date', description: 'date: creation; name: last then first name; email' })),
  order: Type.Optional(Type.Enum(['asc', 'desc'], { description: 'desc for date, asc for name and email when left out' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 1000, description: 'nextCursor of the previous page' }))
}, { additionalProperties: false })
export type CustomerListQuery = Static<typeof CustomerListQuery>

const CustomerSummary = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  company: Nullable(Type.String()),
  language: Type.String(),
  active: Type.Boolean(),
  newsletter: Type.Boolean(),
  groupIds: Type.Array(Type.Integer()),
  createdAt: Timestamp
})

export const CustomerPage = Type.Object({
  items: Type.Array(CustomerSummary),
  total: Type.Integer({ description: 'Customers matching the filters, on every page' }),
  nextCursor: Nullable(Type.String())
})
export type CustomerPage = Static<typeof CustomerPage>

export const OrdersQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'nextCursor of the previous page' }))
}, { additionalProperties: false })

export const OrdersPage = Type.Object({
  items: Type.Array(Type.Unknown(), { description: 'Orders as the module implementing customers.history describes them' }),
  nextCursor: Nullable(Type.String())
})

// Groups

export const Group = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  discountBasisPoints: Type.Integer({ description: 'Default discount of the group, in basis points (1250 is 12.50 %)' }),
  isDefault: Type.Boolean({ description: 'New customers join this group' }),
  memberCount: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp
})
export type Group = Static<typeof Group>

const groupFields = {
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  discountBasisPoints: DiscountBasisPoints,
  isDefault: Type.Boolean({ description: 'New customers join the default group; making a group the default unsets the previous one' })
}
export const GroupCreateBody = Type.Object({
  ...Type.Partial(Type.Object(groupFields)).properties,
  name: groupFields.name
}, { additionalProperties: false })
export type GroupCreateBody = Static<typeof GroupCreateBody>
export const GroupUpdateBody = Type.Object(Type.Partial(Type.Object(groupFields)).properties, change)
export type GroupUpdateBody = Static<typeof GroupUpdateBody>
export const GroupList = Type.Object({ items: Type.Array(Group) })

// GDPR

export const ConsentChange = Type.Object({
  kind: Type.Enum(CONSENT_KINDS),
  optedIn: Type.Boolean(),
  source: Type.Enum(CONSENT_SOURCES, { description: 'shop: the customer; staff: an employee on their behalf' }),
  ip: Nullable(Type.String()),
  employeeId: Nullable(Type.Integer()),
  at: Timestamp
})
export type ConsentChange = Static<typeof ConsentChange>

export const CustomerExport = Type.Object({
  exportedAt: Timestamp,
  customer: Customer,
  addresses: Type.Array(Address),
  groups: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), discountBasisPoints: Type.Integer() })),
  consents: Type.Array(ConsentChange, { description: 'Every opt-in and opt-out, oldest first' }),
  modules: Type.Record(Type.String(), Type.Unknown(), { description: 'What each module implementing customers.data holds about the customer, by module name' })
})
export type CustomerExport = Static<typeof CustomerExport>

// The shop

export const RegisterBody = Type.Object({
  ...optionalProfileFields,
  email: Email,
  password: NewPassword,
  firstName: profileFields.firstName,
  lastName: profileFields.lastName
}, { additionalProperties: false })
export type RegisterBody = Static<typeof RegisterBody>

export const LoginBody = Type.Object({ email: Email, password: GivenPassword }, { additionalProperties: false })

export const OwnProfileUpdateBody = Type.Object({
  ...optionalProfileFields,
  email: Type.Optional(Email),
  password: Type.Optional(NewPassword),
  currentPassword: Type.Optional(GivenPassword)
}, { ...change, description: 'currentPassword is required to change the email or the password' })
export type OwnProfileUpdateBody = Static<typeof OwnProfileUpdateBody>

export const OwnProfile = Type.Object({
  ...ProfileFields,
  newsletter: Type.Boolean(),
  partner: Type.Boolean(),
  createdAt: Timestamp
}, { description: 'The signed-in customer\'s own account, as the shop shows it' })
export type OwnProfile = Static<typeof OwnProfile>

export const ShopSession = Type.Object({
  token: Type.String({ description: 'A customer token for the Authorization: Bearer header of the shop routes' }),
  expiresIn: Type.Integer({ description: 'Seconds the token lives; trade it at /shop/refresh before then' }),
  customer: OwnProfile
})
export type ShopSession = Static<typeof ShopSession>

// Settings

export const Settings = Type.Object({
  tokenTtlSeconds: Type.Integer({ minimum: 60, maximum: 2592000, default: 3600, description: 'Seconds a customer token lives; the shop trades it at /shop/refresh before then' }),
  loginMaxPerAccount: Type.Integer({ minimum: 1, maximum: 1000, default: 5, description: 'Shop login attempts allowed per email within the window; a successful login resets the count' }),
  loginMaxPerIp: Type.Integer({ minimum: 1, maximum: 1000000, default: 30, description: 'Shop login attempts allowed per IP address within the window' }),
  loginWindowSeconds: Type.Integer({ minimum: 1, maximum: 86400, default: 900, description: 'Length of the login rate-limit window, in seconds' })
})
export type CustomersSettings = Static<typeof Settings>
