import Type, { type Static, type TSchema } from 'typebox'
import { STATE_PERMISSIONS } from './services/default-states.ts'
import { ORDER_SORTS } from './services/order-search.ts'
import { RETURN_STATES } from './services/return-states.ts'

const INT_MAX = 2147483647

const Id = Type.Integer({ minimum: 1, maximum: INT_MAX })
// Services hand out Dates; the serializer writes them as ISO 8601 strings.
const Timestamp = Type.Unsafe<Date>(Type.String({ format: 'date-time' }))
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const Money = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Minor units of the currency (cents): never a float' })
const Quantity = Type.Integer({ minimum: 1, maximum: 100000 })
const LanguageCode = Type.String({ pattern: '^[a-z]{2}$', description: 'ISO 639-1 code of a language of the localization module' })
const ExtensionRef = Type.String({ minLength: 1, maxLength: 200 })
const change = { additionalProperties: false, minProperties: 1 }

export const ReferenceParams = Type.Object({ reference: Type.String({ pattern: '^[A-Z]{9}$', description: 'The order reference, 9 capital letters' }) }, { additionalProperties: false })
export type ReferenceParams = Static<typeof ReferenceParams>

// Order states

const Color = Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: '#rrggbb' })
const StateNames = Type.Record(LanguageCode, Type.String({ minLength: 1, maxLength: 128 }), { additionalProperties: false, minProperties: 1 })
const StateIds = Type.Array(Id, { maxItems: 100, uniqueItems: true })
const stateFields = {
  color: Color,
  paid: Type.Boolean({ description: 'Orders in this state are paid' }),
  shipped: Type.Boolean(),
  delivered: Type.Boolean({ description: 'Orders in this state may be returned (within returnWindowDays)' }),
  invoice: Type.Boolean({ description: 'Entering this state creates the invoice' }),
  sendEmail: Type.Boolean({ description: 'Entering this state emails the customer' }),
  logable: Type.Boolean({ description: 'Orders in this state count as valid (customer history, statistics)' }),
  requiredPermission: Nullable(Type.Enum(STATE_PERMISSIONS, { description: 'Needed besides orders.state to move an order into this state' })),
  names: StateNames,
  next: Type.Array(Id, { maxItems: 100, uniqueItems: true, description: 'The states an order in this one may move to' }),
  previous: Type.Array(Id, { maxItems: 100, uniqueItems: true, description: 'The states from which an order may move to this one' })
}

export const OrderState = Type.Object({
  id: Type.Integer(),
  key: Nullable(Type.String({ description: 'Stable key of a default state (shipped, canceled…); null for one staff created' })),
  color: Type.String(),
  paid: Type.Boolean(),
  shipped: Type.Boolean(),
  delivered: Type.Boolean(),
  invoice: Type.Boolean(),
  sendEmail: Type.Boolean(),
  logable: Type.Boolean(),
  requiredPermission: Nullable(Type.Enum(STATE_PERMISSIONS)),
  builtIn: Type.Boolean({ description: 'A default state: it cannot be deleted' }),
  names: Type.Record(Type.String(), Type.String()),
  next: StateIds
})
export type OrderState = Static<typeof OrderState>

export const StateCreateBody = Type.Object({
  ...Type.Partial(Type.Object(stateFields)).properties,
  color: stateFields.color,
  names: stateFields.names
}, { additionalProperties: false })
export type StateCreate = Static<typeof StateCreateBody>

export const StateUpdateBody = Type.Object(Type.Partial(Type.Object(stateFields)).properties, change)
export type StateUpdate = Static<typeof StateUpdateBody>

// Orders

export const Address = Type.Object({
  firstName: Type.String(),
  lastName: Type.String(),
  company: Nullable(Type.String()),
  line1: Type.String(),
  line2: Nullable(Type.String()),
  postcode: Type.String(),
  city: Type.String(),
  countryCode: Type.String(),
  region: Nullable(Type.String()),
  phone: Nullable(Type.String())
})
export type Address = Static<typeof Address>

const StateRef = Type.Object({ id: Type.Integer(), key: Nullable(Type.String()), name: Type.String({ description: 'In the default language' }) })

const PricedLineFields = {
  productId: Type.Integer(),
  variantId: Nullable(Type.Integer()),
  sku: Type.String(),
  name: Type.String(),
  unitPrice: Type.Integer({ description: 'Taxes excluded' }),
  quantity: Type.Integer(),
  taxRate: Type.String({ description: 'Percent, an exact decimal' }),
  subtotal: Type.Integer({ description: 'unitPrice × quantity' }),
  discount: Type.Integer(),
  tax: Type.Integer(),
  total: Type.Integer({ description: 'subtotal − discount + tax' })
}

export const OrderLine = Type.Object({ id: Type.Integer(), position: Type.Integer(), ...PricedLineFields, refundedQuantity: Type.Integer() })
export type OrderLine = Static<typeof OrderLine>

const Totals = Type.Object({
  products: Type.Integer({ description: 'Taxes and discounts excluded' }),
  discount: Type.Integer(),
  tax: Type.Integer(),
  shipping: Type.Integer(),
  total: Type.Integer()
})

export const Order = Type.Object({
  id: Type.Integer(),
  reference: Type.String(),
  source: Type.Enum(['shop', 'staff']),
  customerId: Type.Integer(),
  customerEmail: Type.String(),
  language: Type.String(),
  currency: Type.String(),
  state: StateRef,
  deliveryAddress: Address,
  invoiceAddress: Address,
  carrier: Nullable(Type.String()),
  shipping: Nullable(Type.Object({ module: Type.String(), optionId: Type.String(), name: Type.String() })),
  trackingNumber: Nullable(Type.String()),
  paymentModule: Nullable(Type.String()),
  paymentMethod: Type.String(),
  paymentReference: Nullable(Type.String()),
  discountBasisPoints: Type.Integer(),
  totals: Type.Object({ ...Totals.properties, paid: Type.Integer(), refunded: Type.Integer() }),
  invoiceNumber: Nullable(Type.String()),
  lines: Type.Array(OrderLine),
  deliveredAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp
})
export type Order = Static<typeof Order>

export const OrderSummary = Type.Object({
  id: Type.Integer(),
  reference: Type.String(),
  customerId: Type.Integer(),
  customerEmail: Type.String(),
  state: StateRef,
  total: Type.Integer(),
  currency: Type.String(),
  carrier: Nullable(Type.String()),
  paymentMethod: Type.String(),
  deliveryCountry: Type.String(),
  createdAt: Timestamp
})
export type OrderSummary = Static<typeof OrderSummary>

export const OrderListQuery = Type.Object({
  stateId: Type.Optional(Id),
  customerId: Type.Optional(Id),
  reference: Type.Optional(Type.String({ pattern: '^[A-Za-z]{1,9}$', description: 'The reference, or its beginning' })),
  dateFrom: Type.Optional(Type.String({ format: 'date-time', description: 'Placed at or after' })),
  dateTo: Type.Optional(Type.String({ format: 'date-time', description: 'Placed before' })),
  totalMin: Type.Optional(Money),
  totalMax: Type.Optional(Money),
  carrier: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  paymentMethod: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'Delivery country, ISO 3166-1 alpha-2' })),
  sort: Type.Optional(Type.Enum(ORDER_SORTS, { default: 'date' })),
  order: Type.Optional(Type.Enum(['asc', 'desc'], { default: 'desc' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 }))
}, { additionalProperties: false })
export type OrderListQuery = Static<typeof OrderListQuery>

export const ExportQuery = Type.Object(Type.Omit(OrderListQuery, ['limit', 'cursor']).properties, { additionalProperties: false })

export const OrderPage = Type.Object({
  items: Type.Array(OrderSummary),
  total: Type.Integer({ description: 'Orders matching the filters, on every page: exactly, or at least this many when totalExact is false' }),
  totalExact: Type.Boolean({ description: 'False when more orders match than the listCountLimit setting counts' }),
  nextCursor: Nullable(Type.String())
})

export const HistoryEntry = Type.Object({
  id: Type.Integer(),
  fromState: Nullable(StateRef),
  toState: StateRef,
  actor: Type.Object({ type: Type.Enum(['employee', 'api_key', 'customer', 'system']), id: Nullable(Type.Integer()), label: Nullable(Type.String()) }),
  createdAt: Timestamp
})
export type HistoryEntry = Static<typeof HistoryEntry>

const ItemLine = Type.Object({ productId: Id, variantId: Type.Optional(Nullable(Id)), quantity: Quantity }, { additionalProperties: false })
const ShippingChoice = Type.Object({ module: ExtensionRef, optionId: ExtensionRef }, { additionalProperties: false })

export const ManualOrderBody = Type.Object({
  customerId: Id,
  deliveryAddressId: Id,
  invoiceAddressId: Type.Optional(Id),
  lines: Type.Array(ItemLine, { minItems: 1, maxItems: 200 }),
  shipping: Type.Optional(ShippingChoice),
  paymentMethod: Type.String({ minLength: 1, maxLength: 200, description: 'How the customer pays, as shown on the order ("Bank wire", "Phone order")' }),
  stateId: Type.Optional(Id)
}, { additionalProperties: false, description: 'Without stateId the order awaits a bank wire payment' })
export type ManualOrder = Static<typeof ManualOrderBody>

export const StateChangeBody = Type.Object({ stateId: Id }, { additionalProperties: false })
export const TrackingBody = Type.Object({ trackingNumber: Nullable(Type.String({ minLength: 1, maxLength: 200 })) }, { additionalProperties: false })

// Cart and checkout

export const CartLineBody = ItemLine
export const CartLineParams = Type.Object({ lineId: Id }, { additionalProperties: false })
export const CartLineUpdateBody = Type.Object({ quantity: Quantity }, { additionalProperties: false })
export const CartAddressesBody = Type.Object({ deliveryAddressId: Id, invoiceAddressId: Type.Optional(Id) }, { additionalProperties: false, description: 'Without invoiceAddressId, the invoice goes to the delivery address' })
export const CartShippingBody = ShippingChoice
export const CartPaymentBody = Type.Object({ module: ExtensionRef, methodId: ExtensionRef }, { additionalProperties: false })

export const Cart = Type.Object({
  id: Type.Integer(),
  currency: Type.String(),
  lines: Type.Array(Type.Object({ id: Type.Integer(), ...PricedLineFields })),
  deliveryAddressId: Nullable(Type.Integer()),
  invoiceAddressId: Nullable(Type.Integer()),
  shipping: Nullable(Type.Object({ module: Type.String(), optionId: Type.String() })),
  payment: Nullable(Type.Object({ module: Type.String(), methodId: Type.String() })),
  totals: Type.Object({ ...Totals.properties, shipping: Type.Integer({ description: 'Not known until the order is placed: 0 here; see the shipping options' }) }, { description: 'Taxes follow the delivery address: 0 until one is chosen' })
})
export type Cart = Static<typeof Cart>

export const ShippingOptions = Type.Object({
  items: Type.Array(Type.Object({ module: Type.String(), id: Type.String(), name: Type.String(), carrier: Type.String(), price: Type.Integer(), currency: Type.String(), delay: Type.String() }))
})
export const PaymentMethods = Type.Object({ items: Type.Array(Type.Object({ module: Type.String(), id: Type.String(), name: Type.String() })) })

export const CheckoutResult = Type.Object({
  order: Order,
  payment: Type.Object({ status: Type.Enum(['paid', 'pending']), redirectUrl: Nullable(Type.String()) })
})

export const ShopOrderListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 }))
}, { additionalProperties: false })
export const ShopOrderPage = Type.Object({ items: Type.Array(OrderSummary), nextCursor: Nullable(Type.String()) })

// Documents

export const Invoice = Type.Object({ id: Type.Integer(), orderId: Type.Integer(), number: Type.String(), createdAt: Timestamp })
export type Invoice = Static<typeof Invoice>
export const PdfDocument = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'application/pdf' })

// Returns and credit slips

const LineQuantities = Type.Array(Type.Object({ lineId: Id, quantity: Quantity }, { additionalProperties: false }), { maxItems: 200 })

export const ReturnCreateBody = Type.Object({
  lines: Type.Array(LineQuantities.items, { minItems: 1, maxItems: 200 }),
  reason: Type.String({ minLength: 1, maxLength: 2000 })
}, { additionalProperties: false })
export type ReturnCreate = Static<typeof ReturnCreateBody>

export const ReturnStateBody = Type.Object({ state: Type.Enum(RETURN_STATES) }, { additionalProperties: false })

export const MerchandiseReturn = Type.Object({
  id: Type.Integer(),
  orderId: Type.Integer(),
  state: Type.Enum(RETURN_STATES),
  stateName: Type.String({ description: 'In the language asked for, else the default one' }),
  reason: Type.String(),
  requestedBy: Type.Enum(['customer', 'staff']),
  lines: Type.Array(Type.Object({ orderLineId: Type.Integer(), quantity: Type.Integer() })),
  createdAt: Timestamp,
  updatedAt: Timestamp
})
export type MerchandiseReturn = Static<typeof MerchandiseReturn>

export const ReturnListQuery = Type.Object({
  state: Type.Optional(Type.Enum(RETURN_STATES)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  cursor: Type.Optional(Id)
}, { additionalProperties: false })

export const CreditSlipBody = Type.Object({
  lines: Type.Optional(LineQuantities),
  shipping: Type.Optional(Type.Boolean({ description: 'Also refund the shipping (what is left of it)' }))
}, { additionalProperties: false })
export type CreditSlipRequest = Static<typeof CreditSlipBody>

export const CreditSlip = Type.Object({
  id: Type.Integer(),
  orderId: Type.Integer(),
  number: Type.String(),
  productsAmount: Type.Integer(),
  shippingAmount: Type.Integer(),
  total: Type.Integer(),
  currency: Type.String(),
  refundReference: Nullable(Type.String()),
  lines: Type.Array(Type.Object({ orderLineId: Type.Integer(), quantity: Type.Integer(), amount: Type.Integer() })),
  createdAt: Timestamp
})
export type CreditSlip = Static<typeof CreditSlip>

export const ItemsOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) })
