import { fileURLToPath } from 'node:url'
import { defineModule } from 'backroom'
import Type from 'typebox'
import { catalogRoutes } from './routes/index.ts'
import { CATALOG_EVENTS } from './services/events.ts'
import { catalogLanguages, listMissingLanguages } from './services/listing-languages.ts'
import { catalogUsage } from './services/localization-usage.ts'
import { catalogStock } from './services/stock-extension.ts'

export default defineModule({
  name: 'catalog',
  requires: { core: '^0.1.0', modules: { localization: '^1.0.0' } },
  permissions: {
    'products.read': { description: 'See products, variants, attributes and the stock ledger', profiles: ['Salesman', 'Logistician', 'Translator'] },
    'products.write': { description: 'Create, edit, publish and duplicate products; manage their variants, attributes and images' },
    'products.delete': { description: 'Delete products' },
    'categories.read': { description: 'See the category tree', profiles: ['Salesman', 'Logistician', 'Translator'] },
    'categories.write': { description: 'Create, edit, move, reorder and delete categories' },
    'stock.write': { description: 'Add, take or set stock (every change is a ledger movement)', profiles: ['Logistician'] },
    'translations.write': { description: 'Write the texts of products, categories, attributes and images in any language, and nothing else', profiles: ['Translator'] },
    import: { description: 'Import products and variants from CSV' },
    export: { description: 'Export products and variants as CSV' }
  },
  settings: Type.Object({
    storageDir: Type.String({ minLength: 1, default: 'images', description: "Folder where product images are stored; a relative path is taken from the catalog's folder in the data dir" }),
    maxImageBytes: Type.Integer({ minimum: 1024, maximum: 50 * 1024 * 1024, default: 5 * 1024 * 1024, description: 'Largest accepted image upload, in bytes' }),
    csvBatchSize: Type.Integer({ minimum: 1, maximum: 10000, default: 500, description: 'Products written per transaction by an import, and read per query by an export' })
  }),
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  routes: catalogRoutes,
  events: { emits: CATALOG_EVENTS },
  provides: {
    stock: { description: 'Change stock from another module (orders) inside its own transaction: CatalogStock in services/stock-extension.ts' }
  },
  extends: {
    'catalog.stock': catalogStock,
    'localization.usage': catalogUsage,
    'localization.languages': catalogLanguages
  },
  lifecycle: {
    async enable (context, trx) {
      await listMissingLanguages(trx)
    }
  }
})
