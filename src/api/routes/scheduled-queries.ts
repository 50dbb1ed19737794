import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  ErrorBody,
  ListScheduledRuns,
  ScheduledQueryView,
  ScheduledRun,
} from '../../contract/index.js'
import { AppError } from '../../core/index.js'
import type { ApiServices } from '../services.js'

const params = z.object({ name: z.string().min(1) })

/** Scheduled queries (Panther `scheduled_query`): their schedules, runs and failures. */
export const scheduledQueryRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (
  app,
  { services },
) => {
  const scheduled = () => {
    const service = services.scheduledQueries
    if (service === undefined) {
      throw new AppError('NOT_FOUND', 'Scheduled queries are not running on this server')
    }
    return service
  }
  app.get(
    '/scheduled-queries',
    {
      schema: {
        summary: 'List scheduled queries with their next and last runs',
        response: { 200: z.object({ queries: z.array(ScheduledQueryView) }) },
      },
    },
    async () => ({ queries: services.scheduledQueries ? await scheduled().list() : [] }),
  )
  app.get(
    '/scheduled-queries/:name/runs',
    {
      schema: {
        summary: 'Runs of one scheduled query, newest first',
        params,
        querystring: ListScheduledRuns,
        response: { 200: z.object({ runs: z.array(ScheduledRun) }), 404: ErrorBody },
      },
    },
    async (request) => ({
      runs: await scheduled().runs(request.params.name, request.query.limit),
    }),
  )
  app.post(
    '/scheduled-queries/:name/run',
    {
      schema: {
        summary: 'Run a scheduled query now; responds with the finished run',
        params,
        response: { 200: ScheduledRun, 403: ErrorBody, 404: ErrorBody },
      },
    },
    (request) => {
      if (request.principal?.role === 'ingest') {
        throw new AppError('FORBIDDEN', 'Ingest tokens cannot run queries')
      }
      return scheduled().runNow(request.params.name)
    },
  )
}
