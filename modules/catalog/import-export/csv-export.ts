import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { stringify } from 'csv-stringify'
import type { LocalizationReader } from '../services/localization-reader.ts'
import type { ProductService } from '../services/product-service.ts'
import { formatRow, headerFor } from './csv-format.ts'

/**
 * Streams the catalog as CSV, a batch of products at a time by keyset on the id: memory stays flat
 * whatever the catalog size, and the stream pulls the next batch only when the client has read.
 */
export class CatalogExport {
  constructor (private readonly products: ProductService, private readonly localization: LocalizationReader) {}

  async stream (batchSize: number): Promise<Readable> {
    const header = headerFor(await this.localization.languageCodes())
    const output = stringify()
    pipeline(Readable.from(this.rows(header, batchSize)), output).catch(error => output.destroy(error))
    return output
  }

  private async * rows (header: string[], batchSize: number): AsyncGenerator<string[]> {
    yield header
    let after = 0
    for (;;) {
      const ids = await this.products.idsAfter(after, batchSize)
      if (ids.length === 0) return
      for (const product of await this.products.getMany(ids)) {
        // A product with variants holds no stock of its own: its quantity is theirs, listed on their rows.
        yield formatRow(header, 'product', { ...product, quantity: product.variants.length > 0 ? undefined : product.quantity }, product.translations)
        for (const variant of product.variants) yield formatRow(header, 'variant', { ...variant, productSku: product.sku }, {})
      }
      after = ids[ids.length - 1]
    }
  }
}
