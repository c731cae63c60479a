import type { Knex } from 'knex'
import { catalogErrors } from '../errors.ts'
import { lockProduct, touchProduct } from './product-lock.ts'
import type { EmitEvent } from './events.ts'
import { sniffImageType, type ImageFolder, type ImageStorage } from './image-storage.ts'
import type { TranslationStore, TranslationTable } from './translations.ts'

export const IMAGE_TEXTS: TranslationTable = { table: 'catalog.image_translations', owner: 'image_id', columns: { alt: 'alt' }, required: ['alt'] }

export interface ProductImage {
  id: number
  productId: number
  position: number
  url: string
  contentType: string
  sizeBytes: number
  /** Alternative text by language. */
  alt: Record<string, string>
  createdAt: Date
}

export interface ImageChange { position?: number, alt?: Record<string, string> }

export const IMAGES = 'catalog.product_images'

const imageUrl = (fileName: string): string => `/api/catalog/images/${fileName}`

/** An image from its row, as knex reads it or as JSON carries it (a timestamp as ISO text). */
export function imageOf (row: Record<string, any>, alt: Record<string, string>): ProductImage {
  return {
    id: row.id, productId: row.product_id, position: row.position, url: imageUrl(row.file_name),
    contentType: row.content_type, sizeBytes: row.size_bytes, alt, createdAt: new Date(row.created_at)
  }
}

/**
 * Product images: the file is written before its row and removed again if the transaction fails,
 * and a deleted row's file is removed only once the delete has committed.
 */
export class ImageService {
  constructor (
    private readonly db: Knex,
    private readonly storage: ImageStorage,
    private readonly texts: TranslationStore,
    private readonly emit: EmitEvent
  ) {}

  async list (productIds: number[], trx?: Knex.Transaction): Promise<Map<number, ProductImage[]>> {
    const byProduct = new Map<number, ProductImage[]>(productIds.map(id => [id, []]))
    if (productIds.length === 0) return byProduct
    const rows = await (trx ?? this.db)(IMAGES).whereIn('product_id', productIds).orderBy(['product_id', 'position'])
    const texts = await this.texts.read(IMAGE_TEXTS, rows.map(row => row.id), trx)
    for (const row of rows) {
      const alt = Object.fromEntries(Object.entries(texts.get(row.id)!).map(([language, fields]) => [language, fields.alt]))
      byProduct.get(row.product_id)!.push(imageOf(row, alt))
    }
    return byProduct
  }

  async get (productId: number, imageId: number, trx?: Knex.Transaction): Promise<ProductImage> {
    const image = (await this.list([productId], trx)).get(productId)!.find(candidate => candidate.id === imageId)
    if (image === undefined) throw new catalogErrors.BR_CATALOG_IMAGE_NOT_FOUND(imageId)
    return image
  }

  /** Stores an uploaded image as the product's last one; the bytes decide whether it is an accepted image. */
  async add (productId: number, bytes: Buffer): Promise<ProductImage> {
    const type = sniffImageType(bytes)
    if (type === undefined) throw new catalogErrors.BR_CATALOG_IMAGE_TYPE()
    const folder = await this.storage.open()
    const fileName = await folder.save(bytes, type)
    try {
      return await this.db.transaction(async trx => {
        const product = await lockProduct(trx, productId)
        const [{ max }] = await trx(IMAGES).where({ product_id: productId }).max({ max: 'position' })
        const [{ id }] = await trx(IMAGES).insert({
          product_id: productId, position: max === null ? 0 : max + 1, file_name: fileName, content_type: type.contentType, size_bytes: bytes.length
        }).returning('id')
        await touchProduct(trx, this.emit, product)
        return await this.get(productId, id, trx)
      })
    } catch (error) {
      await folder.remove([fileName])
      throw error
    }
  }

  async update (productId: number, imageId: number, change: ImageChange): Promise<ProductImage> {
    return await this.db.transaction(async trx => {
      const product = await lockProduct(trx, productId)
      await this.requireImage(trx, productId, imageId)
      if (change.position !== undefined) await this.reposition(trx, productId, imageId, change.position)
      await this.writeAlt(trx, imageId, change.alt ?? {})
      await touchProduct(trx, this.emit, product)
      return await this.get(productId, imageId, trx)
    })
  }

  /** Changes alternative texts only: what a translator may do. */
  async updateAlt (imageId: number, alt: Record<string, string>): Promise<ProductImage> {
    return await this.db.transaction(async trx => {
      const row = await trx(IMAGES).where({ id: imageId }).first('product_id')
      if (row === undefined) throw new catalogErrors.BR_CATALOG_IMAGE_NOT_FOUND(imageId)
      const product = await lockProduct(trx, row.product_id)
      await this.writeAlt(trx, imageId, alt)
      await touchProduct(trx, this.emit, product)
      return await this.get(row.product_id, imageId, trx)
    })
  }

  async delete (productId: number, imageId: number): Promise<void> {
    const folder = await this.storage.open()
    const fileName = await this.db.transaction(async trx => {
      const product = await lockProduct(trx, productId)
      const row = await this.requireImage(trx, productId, imageId)
      await trx(IMAGES).where({ id: imageId }).delete()
      await trx(IMAGES).where({ product_id: productId }).where('position', '>', row.position).decrement('position', 1)
      await touchProduct(trx, this.emit, product)
      return row.file_name as string
    })
    await folder.remove([fileName])
  }

  /** Where an image's file lies, when the image exists and its file is there. */
  async filePath (fileName: string): Promise<string | undefined> {
    const row = await this.db(IMAGES).where({ file_name: fileName }).first('id')
    return row === undefined ? undefined : await (await this.storage.open()).existing(fileName)
  }

  /** The files of a product, to remove once its deletion has committed. */
  async fileNames (trx: Knex.Transaction, productId: number): Promise<string[]> {
    return await trx(IMAGES).where({ product_id: productId }).pluck('file_name')
  }

  /** The storage folder, opened before a transaction that copies or removes files. */
  async folder (): Promise<ImageFolder> {
    return await this.storage.open()
  }

  /** Copies a product's images, files included, onto another product (a duplicate). */
  async copyAll (trx: Knex.Transaction, folder: ImageFolder, fromProductId: number, toProductId: number): Promise<void> {
    const rows = await trx(IMAGES).where({ product_id: fromProductId }).orderBy('position')
    const copies: string[] = []
    // Files are not transactional: copies made for a transaction that then fails are removed.
    trx.executionPromise.catch(async () => { await folder.remove(copies) })
    for (const row of rows) {
      const fileName = await folder.copy(row.file_name)
      copies.push(fileName)
      const [{ id }] = await trx(IMAGES).insert({
        product_id: toProductId, position: row.position, file_name: fileName, content_type: row.content_type, size_bytes: row.size_bytes
      }).returning('id')
      await this.texts.copy(trx, IMAGE_TEXTS, row.id, id)
    }
  }

  private async writeAlt (trx: Knex.Transaction, imageId: number, alt: Record<string, string>): Promise<void> {
    await this.texts.write(trx, IMAGE_TEXTS, imageId, Object.fromEntries(Object.entries(alt).map(([language, text]) => [language, { alt: text }])))
  }

  private async reposition (trx: Knex.Transaction, productId: number, imageId: number, position: number): Promise<void> {
    const ids: number[] = await trx(IMAGES).where({ product_id: productId }).orderBy('position').pluck('id')
    const order = ids.filter(id => id !== imageId)
    order.splice(Math.min(position, order.length), 0, imageId)
    for (const [index, id] of order.entries()) await trx(IMAGES).where({ id }).update({ position: index })
  }

  private async requireImage (trx: Knex.Transaction, productId: number, imageId: number): Promise<{ position: number, file_name: string }> {
    const row = await trx(IMAGES).where({ id: imageId, product_id: productId }).first('position', 'file_name')
    if (row === undefined) throw new catalogErrors.BR_CATALOG_IMAGE_NOT_FOUND(imageId)
    return row
  }

}
