import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { SourceList } from '../../contract/index.js'
import type { ApiServices } from '../services.js'

/** `GET /v1/sources`: every configured source with its health. */
export const sourceRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (
  app,
  { services },
) => {
  app.get(
    '/sources',
    {
      schema: {
        summary: 'List sources with their health',
        description:
          'Records and bytes received, batches made durable, parse failures, errors and the ' +
          'latest error of each configured source.',
        response: { 200: SourceList },
      },
    },
    () => ({
      sources: [...services.allSources.values()].map((s) => ({
        id: s.id,
        type: s.type,
        logType: s.logType,
        label: s.label,
        health: s.health?.() ?? null,
      })),
    }),
  )
}
