import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ErrorBody, IngestReport, ParseFailureRecord } from '../../contract/index.js'
import { AppError } from '../../core/index.js'
import type { ApiServices } from '../services.js'
import { bodyText, pushRequests, submitRecords } from './push-batch.js'

/** `POST /v1/ingest/:source` (HTTP push sources) and the list of records that failed to parse. */
export const ingestRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (
  app,
  { services },
) => {
  pushRequests(app, services, (request) => {
    const params = request.params as { source?: string } | undefined
    return params?.source === undefined ? undefined : services.sources.get(params.source)
  })

  app.post(
    '/ingest/:source',
    {
      schema: {
        summary: 'Send logs to an HTTP source',
        description:
          'NDJSON, a JSON array or one JSON document, optionally gzip or zstd ' +
          '(Content-Encoding). Responds once the events are durable in the spool and their ' +
          'detections ran; lake writes follow (queries wait for them). Records that fail to ' +
          'parse are kept with their reason (GET /v1/ingest/failures). Over the memory bound ' +
          '(ingest.maxInFlightBytes) it answers 503 INGEST_OVERLOADED with Retry-After.',
        params: z.object({ source: z.string().describe('Source id from the configuration.') }),
        response: {
          200: IngestReport,
          400: ErrorBody,
          401: ErrorBody,
          404: ErrorBody,
          413: ErrorBody,
          503: ErrorBody,
        },
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
      const text = await bodyText(request, services)
      return submitRecords(services, source, source.frame(text))
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
