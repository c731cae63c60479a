import Type, { type TSchema } from 'typebox'
import { IMAGE_FILE_PATTERN } from './services/image-storage.ts'
import { PRODUCT_SORTS } from './services/product-search.ts'
import { SKU_MAX_LENGTH, SKU_PATTERN } from './services/skus.ts'
import { STOCK_REASONS } from './services/stock-service.ts'
import { SLUG_PATTERN } from './services/translations.ts'

const INT_MAX = 2147483647

const Id = Type.Integer({ minimum: 1, maximum: INT_MAX })
const Position = Type.Integer({ minimum: 0, maximum: 100000 })
// Services hand out Dates; the serializer writes them as ISO 8601 strings.
const Timestamp = Type.Unsafe<Date>(Type.String({ format: 'date-time' }))
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const Name = Type.String({ minLength: 1, maxLength: 255 })
const Slug = Type.String({ pattern: SLUG_PATTERN, maxLength: 128, description: 'Lowercase letters and digits joined by dashes; made from the name when left out' })
const LanguageCode = Type.String({ pattern: '^[a-z]{2}$', description: 'ISO 639-1 code of a language of the localization module' })
const Sku = Type.String({ minLength: 1, maxLength: SKU_MAX_LENGTH, pattern: SKU_PATTERN })
const Money = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Minor units of the currency (cents): never a float' })
const Measure = Type.Integer({ minimum: 0, maximum: INT_MAX })
const StockUnits = Type.Integer({ minimum: 0, maximum: 1000000000 })

/** Per-language texts keyed by language code; nothing else is accepted as a key. */
const translationsOf = <T extends TSchema>(texts: T) => Type.Record(LanguageCode, texts, { additionalProperties: false, minProperties: 1 })
/** Options of a change that alters some fields: at least one, nothing unknown. */
const change = { additionalProperties: false, minProperties: 1 }

export const TranslationParams = Type.Object({ id: Id, language: LanguageCode }, { additionalProperties: false })

// Categories

const CategoryTexts = Type.Object({
  name: Name,
  description: Type.Optional(Type.String({ maxLength: 20000 })),
  slug: Type.Optional(Slug)
}, { additionalProperties: false })
export const CategoryTextsChange = Type.Object(Type.Partial(CategoryTexts).properties, change)

export const Category = Type.Object({
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  position: Type.Integer(),
  active: Type.Boolean(),
  depth: Type.Integer({ description: '0 for a root category' }),
  translations: Type.Record(Type.String(), Type.Object({ name: Type.String(), description: Type.String(), slug: Type.String() })),
  createdAt: Timestamp,
  updatedAt: Timestamp
})

export const CategoryCreateBody = Type.Object({
  parentId: Type.Optional(Nullable(Id)),
  position: Type.Optional(Position),
  active: Type.Optional(Type.Boolean()),
  translations: translationsOf(CategoryTexts)
}, { additionalProperties: false })

export const CategoryUpdateBody = Type.Object({
  active: Type.Optional(Type.Boolean()),
  translations: Type.Optional(translationsOf(CategoryTextsChange))
}, change)

export const CategoryMoveBody = Type.Object({
  parentId: Nullable(Id),
  position: Type.Optional(Position)
}, { additionalProperties: false })

export const CategoryReorderBody = Type.Object({
  parentId: Nullable(Id),
  ids: Type.Array(Id, { minItems: 1, maxItems: 10000 })
}, { additionalProperties: false })

export const CategoryDeleteQuery = Type.Object({
  targetCategoryId: Type.Optional(Id)
}, { additionalProperties: false })

// Products

const ProductTexts = Type.Object({
  name: Name,
  shortDescription: Type.Optional(Type.String({ maxLength: 4000 })),
  description: Type.Optional(Type.String({ maxLength: 100000 })),
  slug: Type.Optional(Slug)
}, { additionalProperties: false })
export const ProductTextsChange = Type.Object(Type.Partial(ProductTexts).properties, change)

const Feature = Type.Object({ key: Type.String({ minLength: 1, maxLength: 128 }), value: Type.String({ maxLength: 1000 }) }, { additionalProperties: false })

const productFields = {
  sku: Sku,
  price: Money,
  taxRuleId: Nullable(Id),
  weightGrams: Measure,
  widthMm: Measure,
  heightMm: Measure,
  depthMm: Measure,
  lowStockThreshold: StockUnits,
  allowBackorders: Type.Boolean(),
  active: Type.Boolean({ description: 'Published: visible in the shop' }),
  defaultCategoryId: Id,
  categoryIds: Type.Array(Id, { maxItems: 100, uniqueItems: true, description: 'Extra categories besides the default one' }),
  features: Type.Array(Feature, { maxItems: 100 })
}
const optionalFields = Type.Partial(Type.Object(productFields)).properties

export const ProductCreateBody = Type.Object({
  ...optionalFields,
  sku: productFields.sku,
  price: productFields.price,
  defaultCategoryId: productFields.defaultCategoryId,
  quantity: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000000000, description: 'Initial stock, written to the ledger' })),
  translations: translationsOf(ProductTexts)
}, { additionalProperties: false })

export const ProductUpdateBody = Type.Object({
  ...optionalFields,
  translations: Type.Optional(translationsOf(ProductTextsChange))
}, change)

export const ProductImage = Type.Object({
  id: Type.Integer(),
  productId: Type.Integer(),
  position: Type.Integer(),
  url: Type.String(),
  contentType: Type.String(),
  sizeBytes: Type.Integer(),
  alt: Type.Record(Type.String(), Type.String()),
  createdAt: Timestamp
})

export const Variant = Type.Object({
  id: Type.Integer(),
  productId: Type.Integer(),
  sku: Type.String(),
  priceImpact: Type.Integer(),
  price: Type.Integer(),
  weightImpactGrams: Type.Integer(),
  quantity: Type.Integer(),
  valueIds: Type.Array(Type.Integer()),
  createdAt: Timestamp,
  updatedAt: Timestamp
})

export const Product = Type.Object({
  id: Type.Integer(),
  sku: Type.String(),
  price: Type.Integer(),
  currency: Type.String(),
  taxRuleId: Nullable(Type.Integer()),
  weightGrams: Type.Integer(),
  widthMm: Type.Integer(),
  heightMm: Type.Integer(),
  depthMm: Type.Integer(),
  quantity: Type.Integer(),
  lowStockThreshold: Type.Integer(),
  allowBackorders: Type.Boolean(),
  active: Type.Boolean(),
  defaultCategoryId: Type.Integer(),
  categoryIds: Type.Array(Type.Integer()),
  features: Type.Array(Type.Object({ key: Type.String(), value: Type.String() })),
  translations: Type.Record(Type.String(), Type.Object({ name: Type.String(), shortDescription: Type.String(), description: Type.String(), slug: Type.String() })),
  images: Type.Array(ProductImage),
  variants: Type.Array(Variant),
  createdAt: Timestamp,
  updatedAt: Timestamp
})

export const ProductListQuery = Type.Object({
  language: Type.Optional(LanguageCode),
  categoryId: Type.Optional(Id),
  includeSubcategories: Type.Optional(Type.Boolean({ default: true })),
  active: Type.Optional(Type.Boolean()),
  priceMin: Type.Optional(Money),
  priceMax: Type.Optional(Money),
  stockMin: Type.Optional(Type.Integer({ minimum: -INT_MAX, maximum: INT_MAX })),
  stockMax: Type.Optional(Type.Integer({ minimum: -INT_MAX, maximum: INT_MAX })),
  lowStock: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Prefixes of words of the name, or a prefix of the SKU' })),
  sort: Type.Optional(Type.Enum(PRODUCT_SORTS, { default: 'date' })),
  order: Type.Optional(Type.Enum(['asc', 'desc'], { default: 'desc' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 1000 }))
}, { additionalProperties: false })

export const ProductPage = Type.Object({
  items: Type.Array(Type.Object({
    id: Type.Integer(),
    sku: Type.String(),
    name: Nullable(Type.String()),
    price: Type.Integer(),
    currency: Type.String(),
    quantity: Type.Integer(),
    lowStockThreshold: Type.Integer(),
    active: Type.Boolean(),
    defaultCategoryId: Type.Integer(),
    createdAt: Timestamp,
    updatedAt: Timestamp
  })),
  total: Type.Integer({ description: 'Products matching the filters, on every page' }),
  nextCursor: Nullable(Type.String())
})

// Stock

const Reason = Type.Enum(STOCK_REASONS)
const stockTarget = {
  variantId: Type.Optional(Id),
  reason: Type.Optional(Type.Enum(STOCK_REASONS, { default: 'manual' })),
  reference: Type.Optional(Type.String({ maxLength: 200 }))
}

export const StockMoveBody = Type.Object({
  ...stockTarget,
  delta: Type.Integer({ minimum: -1000000000, maximum: 1000000000, not: { const: 0 }, description: 'Units added (positive) or taken (negative); never zero' })
}, { additionalProperties: false })

export const StockSetBody = Type.Object({
  ...stockTarget,
  quantity: StockUnits
}, { additionalProperties: false })

export const StockLevel = Type.Object({
  productId: Type.Integer(),
  variantId: Nullable(Type.Integer()),
  sku: Type.String(),
  quantity: Type.Integer(),
  productQuantity: Type.Integer(),
  movementId: Nullable(Type.Integer())
})

export const StockMovementsQuery = Type.Object({
  variantId: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  before: Type.Optional(Type.Integer({ minimum: 1, description: 'The nextBefore of the previous page' }))
}, { additionalProperties: false })

export const StockMovements = Type.Object({
  items: Type.Array(Type.Object({
    id: Type.Integer(),
    productId: Type.Integer(),
    variantId: Nullable(Type.Integer()),
    variantSku: Nullable(Type.String()),
    delta: Type.Integer(),
    reason: Reason,
    reference: Nullable(Type.String()),
    quantityAfter: Type.Integer(),
    employeeId: Nullable(Type.Integer()),
    createdAt: Timestamp
  })),
  nextBefore: Nullable(Type.Integer())
})

// Attributes and variants

export const NameTexts = Type.Object({ name: Name }, { additionalProperties: false })

export const AttributeValue = Type.Object({
  id: Type.Integer(),
  groupId: Type.Integer(),
  position: Type.Integer(),
  color: Nullable(Type.String()),
  translations: Type.Record(Type.String(), Type.Object({ name: Type.String() }))
})

export const AttributeGroup = Type.Object({
  id: Type.Integer(),
  position: Type.Integer(),
  translations: Type.Record(Type.String(), Type.Object({ name: Type.String() })),
  values: Type.Array(AttributeValue)
})

export const GroupCreateBody = Type.Object({
  position: Type.Optional(Position),
  translations: translationsOf(NameTexts)
}, { additionalProperties: false })

export const GroupUpdateBody = Type.Object({
  position: Type.Optional(Position),
  translations: Type.Optional(translationsOf(NameTexts))
}, change)

const Color = Nullable(Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: 'A swatch colour, #rrggbb' }))

export const ValueCreateBody = Type.Object({
  position: Type.Optional(Position),
  color: Type.Optional(Color),
  translations: translationsOf(NameTexts)
}, { additionalProperties: false })

export const ValueUpdateBody = Type.Object({
  position: Type.Optional(Position),
  color: Type.Optional(Color),
  translations: Type.Optional(translationsOf(NameTexts))
}, change)

const variantFields = {
  sku: Sku,
  priceImpact: Type.Integer({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER, description: 'Added to the product price, in minor units' }),
  weightImpactGrams: Type.Integer({ minimum: -INT_MAX, maximum: INT_MAX }),
  valueIds: Type.Array(Id, { minItems: 1, maxItems: 10, description: 'One attribute value per group' })
}

export const VariantCreateBody = Type.Object({
  sku: variantFields.sku,
  priceImpact: Type.Optional(variantFields.priceImpact),
  weightImpactGrams: Type.Optional(variantFields.weightImpactGrams),
  valueIds: variantFields.valueIds,
  quantity: Type.Optional(StockUnits)
}, { additionalProperties: false })

export const VariantUpdateBody = Type.Object(Type.Partial(Type.Object(variantFields)).properties, change)

export const VariantParams = Type.Object({ id: Id, variantId: Id }, { additionalProperties: false })

// Images

export const ImageParams = Type.Object({ id: Id, imageId: Id }, { additionalProperties: false })
export const ImageFileParams = Type.Object({ fileName: Type.String({ pattern: IMAGE_FILE_PATTERN }) }, { additionalProperties: false })
const AltText = Type.String({ minLength: 1, maxLength: 500 })
export const ImageUpdateBody = Type.Object({
  position: Type.Optional(Position),
  alt: Type.Optional(translationsOf(AltText))
}, change)
export const AltTextBody = Type.Object({ alt: AltText }, { additionalProperties: false })

// Import and export

export const ImportQuery = Type.Object({
  dryRun: Type.Optional(Type.Boolean({ default: false, description: 'Check every row and report, writing nothing' }))
}, { additionalProperties: false })

export const ImportReport = Type.Object({
  dryRun: Type.Boolean(),
  rows: Type.Integer({ description: 'Data rows read (the header excluded)' }),
  created: Type.Integer({ description: 'Products created (or that would be, in a dry run)' }),
  updated: Type.Integer({ description: 'Products updated (or that would be)' }),
  failed: Type.Integer({ description: 'Rows refused' }),
  errors: Type.Array(Type.Object({
    row: Type.Integer({ description: 'Line of the file, the header being line 1' }),
    column: Nullable(Type.String()),
    reason: Type.String()
  }))
})
