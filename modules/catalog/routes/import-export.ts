import { Readable } from 'node:stream'
import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { responses } from 'backroom'
import { catalogErrors } from '../errors.ts'
import { CatalogExport } from '../import-export/csv-export.ts'
import { CatalogImport } from '../import-export/csv-import.ts'
import { ImportQuery, ImportReport } from '../schemas.ts'
import { employeeOf, tags, type CatalogRouteOptions } from './route-options.ts'

const CSV_TYPES = ['text/csv', 'application/csv']

/** /api/catalog/import and /export: the catalog as CSV, streamed both ways. */
export const importExportRoutes: FastifyPluginAsync<CatalogRouteOptions> = async (base, { services }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const importer = new CatalogImport(services)
  const exporter = new CatalogExport(services.products, services.localization)
  // The body reaches the route as a stream, unbuffered and without the JSON body limit: a
  // catalog file may be large, and it is read row by row.
  app.addContentTypeParser(CSV_TYPES, (_request, payload, done) => { done(null, payload) })

  app.post('/import', {
    config: { permission: 'import' },
    schema: {
      tags,
      summary: 'Import products and variants from CSV (text/csv), upserting by SKU; dryRun checks every row and writes nothing',
      consumes: CSV_TYPES,
      querystring: ImportQuery,
      response: responses({ 200: ImportReport })
    }
  }, async request => {
    if (!(request.body instanceof Readable)) throw new catalogErrors.BR_CATALOG_CSV_CONTENT_TYPE()
    const { csvBatchSize } = await services.settings()
    return await importer.run(request.body, { dryRun: request.query.dryRun ?? false, employeeId: employeeOf(request), batchSize: csvBatchSize })
  })

  app.get('/export', {
    config: { permission: 'export' },
    schema: { tags, summary: 'Export every product and variant as CSV, in the format the import reads', response: responses({ 200: Type.Unsafe<Readable>({ type: 'string', description: 'text/csv' }) }) }
  }, async (_request, reply) => await reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="catalog.csv"').send(await exporter.stream((await services.settings()).csvBatchSize)))
}
