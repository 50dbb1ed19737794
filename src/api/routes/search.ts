import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ErrorBody, SearchQuery, SearchResult } from '../../contract/index.js'
import type { ApiServices } from '../services.js'

/** Indicator search across every log type. */
export const searchRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (
  app,
  { services },
) => {
  app.get(
    '/search',
    {
      schema: {
        summary: 'Find an IP, domain, hash, ARN, account id, email or user across all logs',
        description:
          'Recognizes the kind of each value and searches the matching p_any_* columns of every ' +
          'log type; returns counts per log type and the newest matching events.',
        querystring: SearchQuery,
        response: { 200: SearchResult, 400: ErrorBody },
      },
    },
    (request) =>
      services.search(request.query.value, {
        since: request.query.since,
        limit: request.query.limit,
      }),
  )
}
