import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  ErrorBody,
  QueryResultsPage,
  QueryResultsQuery,
  QueryStatus,
  SubmitQuery,
} from '../../contract/index.js'
import type { ApiServices } from '../services.js'

const params = z.object({ id: z.string() })

/** Lake SQL, asynchronous: submit, poll the status, page through results, cancel. */
export const queryRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (
  app,
  { services },
) => {
  app.post(
    '/queries',
    {
      schema: {
        summary: 'Run SQL over the lake in the background',
        description:
          'Read-only, sandboxed SQL (DuckDB) over panther_logs.*, panther_rule_matches.*, … and ' +
          "panther_views.all_*; Panther's p_occurs_* time macros prune partitions.",
        body: SubmitQuery,
        response: { 202: QueryStatus, 400: ErrorBody },
      },
    },
    async (request, reply) => {
      const { sql, timeoutSeconds } = request.body
      const status = services.queries.submit(
        sql,
        timeoutSeconds === undefined ? {} : { timeoutMs: timeoutSeconds * 1000 },
      )
      return reply.status(202).send(status)
    },
  )
  app.get(
    '/queries/:id',
    {
      schema: {
        summary: 'A query’s state',
        params,
        response: { 200: QueryStatus, 404: ErrorBody },
      },
    },
    (request) => services.queries.status(request.params.id),
  )
  app.get(
    '/queries/:id/results',
    {
      schema: {
        summary: 'A page of a finished query’s rows',
        params,
        querystring: QueryResultsQuery,
        response: { 200: QueryResultsPage, 400: ErrorBody, 404: ErrorBody },
      },
    },
    (request) =>
      services.queries.results(request.params.id, request.query.offset, request.query.limit),
  )
  app.delete(
    '/queries/:id',
    {
      schema: {
        summary: 'Cancel a running query',
        params,
        response: { 200: QueryStatus, 404: ErrorBody },
      },
    },
    (request) => services.queries.cancel(request.params.id),
  )
}
