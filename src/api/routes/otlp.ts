import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ErrorBody } from '../../contract/index.js'
import { AppError } from '../../core/index.js'
import { otlpSource, sourceHeader } from '../../sources/index.js'
import type { ApiServices } from '../services.js'
import { bodyText, pushRequests, submitRecords } from './push-batch.js'

/** The OTLP `ExportLogsServiceResponse`, JSON-encoded. */
const ExportLogsResponse = z.object({
  partialSuccess: z.object({
    rejectedLogRecords: z.number().int().optional(),
    errorMessage: z.string().optional(),
  }),
})

/** `POST /v1/logs`: OTLP/HTTP JSON logs, as the OpenTelemetry Collector's otlphttp exporter sends. */
export const otlpRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (
  app,
  { services },
) => {
  const sourceOf = (headers: Record<string, string | string[] | undefined>) =>
    otlpSource(services.sources, headers[sourceHeader])
  pushRequests(app, services, (request) => {
    try {
      return sourceOf(request.headers)
    } catch {
      return undefined
    }
  })

  app.post(
    '/logs',
    {
      schema: {
        summary: 'Send OTLP/HTTP JSON logs',
        description:
          'An ExportLogsServiceRequest in JSON (Content-Type: application/json, gzip or zstd ' +
          'allowed), fed to the source named by X-Caracal-Source, else the only source with ' +
          '`otlp: true`. Protobuf is refused with 415: set `encoding: json` on the exporter.',
        response: { 200: ExportLogsResponse, 401: ErrorBody, 404: ErrorBody, 415: ErrorBody },
      },
    },
    async (request) => {
      const type = request.headers['content-type']?.toLowerCase() ?? ''
      if (type.includes('protobuf')) {
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'OTLP protobuf is not supported: send OTLP/HTTP JSON (otlphttp exporter `encoding: json`)',
        )
      }
      const source = sourceOf(request.headers)
      const text = await bodyText(request, services)
      await submitRecords(services, source, source.frameOtlp(text))
      return { partialSuccess: {} }
    },
  )
}
