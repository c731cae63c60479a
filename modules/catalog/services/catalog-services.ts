import path from 'node:path'
import type { LocalizationApi } from '@backroom/localization/api.ts'
import type { ModuleContext } from 'backroom'
import { AttributeService } from './attribute-service.ts'
import { CategoryService } from './category-service.ts'
import type { EmitEvent } from './events.ts'
import { ImageService } from './image-service.ts'
import { ImageStorage } from './image-storage.ts'
import { LocalizationReader } from './localization-reader.ts'
import { ProductSearch } from './product-search.ts'
import { ProductService } from './product-service.ts'
import { StockService } from './stock-service.ts'
import { TranslationStore } from './translations.ts'
import { VariantService } from './variant-service.ts'

export interface CatalogSettings {
  storageDir: string
  maxImageBytes: number
  csvBatchSize: number
}

export interface CatalogServices {
  db: ModuleContext['db']
  /** Writes many catalog events in one statement, for writers that work on many rows at once (the import). */
  emitMany: ModuleContext['emitMany']
  settings: () => Promise<CatalogSettings>
  localization: LocalizationReader
  categories: CategoryService
  attributes: AttributeService
  products: ProductService
  search: ProductSearch
  variants: VariantService
  images: ImageService
  stock: StockService
}

/** The catalog's services, bound to its module context (database, settings, events). */
export function createCatalogServices (module: ModuleContext): CatalogServices {
  const db = module.db
  const emit = module.emit.bind(module)
  const settings = async (): Promise<CatalogSettings> => await module.settings<CatalogSettings>()
  const localization = new LocalizationReader(db, () => {
    const [provider] = module.extensions<LocalizationApi>('localization.service')
    if (provider === undefined) throw new Error('the localization module, which the catalog requires, offers no localization.service')
    return provider.implementation
  })
  const texts = new TranslationStore(db, localization)
  const categories = new CategoryService(db, texts, emit)
  const attributes = new AttributeService(db, texts)
  const stock = new StockService(db, emit)
  const variants = new VariantService(db, attributes, stock, emit)
  const images = new ImageService(db, new ImageStorage(async () => path.resolve(module.dataDir, (await settings()).storageDir)), texts, emit)
  const products = new ProductService(db, texts, localization, categories, stock, variants, images, emit)
  const search = new ProductSearch(db)
  return { db, emitMany: module.emitMany, settings, localization, categories, attributes, products, search, variants, images, stock }
}
