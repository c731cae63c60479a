import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import fastifyMultipart from '@fastify/multipart'
import Type from 'typebox'
import { IdParams, responses } from 'backroom'
import { catalogErrors } from '../errors.ts'
import { ImageFileParams, ImageParams, ImageUpdateBody, ProductImage } from '../schemas.ts'
import { contentTypeOf } from '../services/image-storage.ts'
import { tags, type CatalogRouteOptions } from './route-options.ts'

/** Product images: multipart upload, position and alternative texts, and the files served back by URL. */
export const imageRoutes: FastifyPluginAsync<CatalogRouteOptions> = async (base, { services }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const { images, settings } = services
  await app.register(fastifyMultipart)
  const write = { permission: 'products.write' }

  app.post('/products/:id/images', {
    config: write,
    schema: {
      tags,
      summary: 'Upload an image (multipart/form-data, one file field): JPEG, PNG, WebP or GIF up to the maxImageBytes setting; it goes last',
      consumes: ['multipart/form-data'],
      params: IdParams,
      response: responses({ 201: ProductImage })
    }
  }, async (request, reply) => {
    if (!request.isMultipart()) throw new catalogErrors.BR_CATALOG_IMAGE_MISSING()
    const { maxImageBytes } = await settings()
    const file = await request.file({ limits: { fileSize: maxImageBytes, files: 1 } })
    if (file === undefined) throw new catalogErrors.BR_CATALOG_IMAGE_MISSING()
    let bytes: Buffer
    try {
      bytes = await file.toBuffer()
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new catalogErrors.BR_CATALOG_IMAGE_TOO_LARGE(maxImageBytes)
      throw error
    }
    return await reply.status(201).send(await images.add(request.params.id, bytes))
  })

  app.patch('/products/:id/images/:imageId', {
    config: write,
    schema: { tags, summary: 'Move an image to a position, or change its alternative texts', params: ImageParams, body: ImageUpdateBody, response: responses({ 200: ProductImage }) }
  }, async request => await images.update(request.params.id, request.params.imageId, request.body))

  app.delete('/products/:id/images/:imageId', {
    config: write,
    schema: { tags, summary: 'Delete an image and its file', params: ImageParams, response: responses({ 204: Type.Null() }) }
  }, async (request, reply) => {
    await images.delete(request.params.id, request.params.imageId)
    return await reply.status(204).send(null)
  })

  // Public like a shop's image folder: pages and <img> tags fetch it without a token, and the
  // random file names reveal nothing about other images.
  app.get('/images/:fileName', {
    config: { public: true },
    schema: { tags, summary: 'An image file, by the name in its URL', params: ImageFileParams, response: responses({ 200: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }) }) }
  }, async (request, reply) => {
    const path = await images.filePath(request.params.fileName)
    if (path === undefined) throw new catalogErrors.BR_CATALOG_IMAGE_NOT_FOUND(request.params.fileName)
    return await reply.type(contentTypeOf(request.params.fileName)).header('cache-control', 'public, max-age=31536000, immutable').send(createReadStream(path))
  })
}
