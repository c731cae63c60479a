import { withDetails } from 'backroom'
import { catalogErrors } from '../errors.ts'
import { ProductCreateBody, ProductUpdateBody } from '../schemas.ts'
import { PRODUCT_TEXTS, type ProductChange, type ProductInput, type ProductTexts } from '../services/product-service.ts'
import type { Translations } from '../services/translations.ts'
import type { ParsedRow } from './csv-format.ts'
import { assertSkuFree, copyOf, type CatalogSnapshot, type GroupDraft, type PlannedProduct, type ReservedIds } from './planned-catalog.ts'
import { checked } from './row-failure.ts'
import { move, setStock } from './stock-plan.ts'

/** A batch's product rows applied to their group's draft, with the checks of ProductService and TranslationStore. */
export class ProductPlanner {
  constructor (private readonly snapshot: CatalogSnapshot, private readonly ids: ReservedIds) {}

  apply (draft: GroupDraft, row: ParsedRow): void {
    const { quantity, ...fields } = row.fields
    const translations = Object.keys(row.translations).length > 0 ? { translations: row.translations } : {}
    const stored = this.snapshot.products.get(row.sku)
    if (stored === undefined) {
      draft.product = this.create(draft, checked<ProductInput>(ProductCreateBody, { sku: row.sku, ...fields, ...translations, ...(quantity === undefined ? {} : { quantity }) }, row))
      draft.created = true
      return
    }
    const product = draft.product = copyOf(stored)
    const change = { ...fields, ...translations }
    if (Object.keys(change).length > 0) {
      this.change(product, checked<ProductChange>(ProductUpdateBody, change, row))
      draft.touched = true
    }
    if (quantity !== undefined) setStock(draft, product, null, quantity as number)
  }

  /** As ProductService.insert: a free SKU, a name in the default language, known references, complete texts. */
  private create (draft: GroupDraft, input: ProductInput): PlannedProduct {
    assertSkuFree(this.snapshot, input.sku)
    const language = this.snapshot.defaultLanguage
    if (input.translations[language]?.name === undefined) throw withDetails(new catalogErrors.BR_CATALOG_DEFAULT_TRANSLATION_REQUIRED(language), { field: `translations/${language}/name` })
    this.checkReferences(input)
    const product: PlannedProduct = {
      id: this.ids.next(),
      sku: input.sku,
      price: input.price,
      taxRuleId: input.taxRuleId ?? null,
      weightGrams: input.weightGrams ?? 0,
      widthMm: input.widthMm ?? 0,
      heightMm: input.heightMm ?? 0,
      depthMm: input.depthMm ?? 0,
      quantity: 0,
      lowStockThreshold: input.lowStockThreshold ?? 0,
      allowBackorders: input.allowBackorders ?? false,
      active: input.active ?? false,
      defaultCategoryId: input.defaultCategoryId,
      categoryIds: extrasOf(input.defaultCategoryId, input.categoryIds ?? []),
      translations: {},
      variants: [],
      created: true,
      touched: true,
      stockMoved: false,
      categoriesChanged: true,
      features: input.features ?? [],
      textsChanged: new Set()
    }
    this.writeTexts(product, input.translations)
    if ((input.quantity ?? 0) !== 0) move(draft, product, null, input.quantity!)
    return product
  }

  /** As ProductService.change. */
  private change (product: PlannedProduct, change: ProductChange): void {
    if (change.price !== undefined && change.price + lowestImpact(product) < 0) {
      throw withDetails(new catalogErrors.BR_CATALOG_NEGATIVE_PRICE(product.sku), { field: 'price' })
    }
    this.checkReferences(change)
    if (change.defaultCategoryId !== undefined || change.categoryIds !== undefined) {
      product.defaultCategoryId = change.defaultCategoryId ?? product.defaultCategoryId
      product.categoryIds = extrasOf(product.defaultCategoryId, change.categoryIds ?? product.categoryIds)
      product.categoriesChanged = true
    }
    const { defaultCategoryId, categoryIds, features, translations, ...columns } = change
    Object.assign(product, columns)
    if (features !== undefined) product.features = features
    this.writeTexts(product, translations ?? {})
    product.touched = true
  }

  private checkReferences (input: ProductChange): void {
    if (input.taxRuleId !== null && input.taxRuleId !== undefined && this.snapshot.unknownTaxRules.has(input.taxRuleId)) {
      throw new catalogErrors.BR_CATALOG_UNKNOWN_TAX_RULE(input.taxRuleId)
    }
    for (const [field, ids] of [['defaultCategoryId', input.defaultCategoryId === undefined ? [] : [input.defaultCategoryId]], ['categoryIds', input.categoryIds ?? []]] as const) {
      const unknown = ids.find(id => this.snapshot.unknownCategories.has(id))
      if (unknown !== undefined) throw withDetails(new catalogErrors.BR_CATALOG_UNKNOWN_CATEGORY(unknown), { field })
    }
  }

  /** As TranslationStore.write: known languages; a first text in a language carries a name and gets a slug. */
  private writeTexts (product: PlannedProduct, translations: Translations): void {
    const languages = Object.keys(translations)
    const unknown = languages.find(language => !this.snapshot.languages.has(language))
    if (unknown !== undefined) throw new catalogErrors.BR_CATALOG_UNKNOWN_LANGUAGE(unknown)
    for (const language of languages) {
      const texts = translations[language]
      const existing = product.translations[language]
      if (existing === undefined) {
        const missing = PRODUCT_TEXTS.required.filter(field => texts[field] === undefined)
        if (missing.length > 0) throw withDetails(new catalogErrors.BR_CATALOG_TRANSLATION_INCOMPLETE(language, missing.join(', ')), { field: `translations/${language}/${missing[0]}` })
      }
      product.translations[language] = (existing === undefined ? { shortDescription: '', description: '', ...PRODUCT_TEXTS.complete?.(texts) ?? texts } : { ...existing, ...texts }) as ProductTexts
      product.textsChanged.add(language)
    }
  }
}

/** Extra categories as ProductService stores them: each once, the default one left out. */
function extrasOf (defaultCategoryId: number, categoryIds: number[]): number[] {
  return [...new Set(categoryIds)].filter(id => id !== defaultCategoryId)
}

function lowestImpact (product: PlannedProduct): number {
  return product.variants.length === 0 ? 0 : Math.min(...product.variants.map(variant => variant.priceImpact))
}
