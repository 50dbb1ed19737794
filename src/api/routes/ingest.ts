import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ulid } from 'ulid'
import { z } from 'zod'
import { ErrorBody, IngestReport, ParseFailureRecord } from '../../contract/index.js'
import { AppError } from '../../core/index.js'
import { decodeBody } from '../../sources/index.js'
import type { ApiServices } from '../services.js'

/** `POST /v1/ingest/:source` (HTTP push sources) and the list of records that failed to parse. */
export const ingestRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (
  app,
  { services },
) => {
  // Bodies stay raw bytes whatever their content type: framing depends on the source, not the header.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: services.maxBodyBytes },
    (_request, body, done) => {
      done(null, body)
    },
  )

  app.post(
    '/ingest/:source',
    {
      schema: {
        summary: 'Send logs to an HTTP source',
        description:
          'NDJSON, a JSON array or one JSON document, optionally gzip (Content-Encoding: gzip). ' +
          'Responds once the events are durable in the lake. Records that fail to parse are kept ' +
          'with their reason (GET /v1/ingest/failures).',
        params: z.object({ source: z.string().describe('Source id from the configuration.') }),
        response: { 200: IngestReport, 400: ErrorBody, 404: ErrorBody, 413: ErrorBody },
      },
    },
    async (request) => {
      const source = services.sources.get(request.params.source)
      if (source === undefined) {
        throw new AppError(
          'SOURCE_NOT_FOUND',
          `No source ${JSON.stringify(request.params.source)}`,
          {
            details: { known: [...services.sources.keys()] },
          },
        )
      }
      if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
        throw new AppError('BODY_INVALID', 'The body is empty: send NDJSON or a JSON array')
      }
      const encoding = request.headers['content-encoding']?.toLowerCase()
      const text = await decodeBody(request.body, services.maxBodyBytes, encoding)
      const { records, failures } = source.frame(text)
      return services.sink.submit({
        id: ulid(),
        sourceId: source.id,
        logType: source.logType,
        records,
        receivedAt: new Date(),
        ...(source.candidates === undefined ? {} : { candidates: source.candidates }),
        ...(failures.length === 0 ? {} : { failures }),
      })
    },
  )

  app.get(
    '/ingest/failures',
    {
      schema: {
        summary: 'Records that failed to parse, newest first',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          source: z.string().optional().describe('Only this source.'),
        }),
        response: { 200: z.object({ failures: z.array(ParseFailureRecord) }) },
      },
    },
    async (request) => ({
      failures: await services.failures.recent(request.query.limit, request.query.source),
    }),
  )
}
