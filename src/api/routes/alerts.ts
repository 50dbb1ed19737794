import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Alert, AlertPage, ErrorBody, ListAlertsQuery } from '../../contract/index.js'
import { AppError } from '../../core/index.js'
import type { ApiServices } from '../services.js'

/** Alerts: list with filters and cursor paging, and one by id. */
export const alertRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (
  app,
  { services },
) => {
  app.get(
    '/alerts',
    {
      schema: {
        summary: 'List alerts, newest first',
        querystring: ListAlertsQuery,
        response: { 200: AlertPage },
      },
    },
    (request) => services.alerts.list(request.query),
  )
  app.get(
    '/alerts/:id',
    {
      schema: {
        summary: 'One alert',
        params: z.object({ id: z.string() }),
        response: { 200: Alert, 404: ErrorBody },
      },
    },
    async (request) => {
      const alert = await services.alerts.get(request.params.id)
      if (alert === undefined) throw new AppError('NOT_FOUND', `No alert ${request.params.id}`)
      return alert
    },
  )
}
