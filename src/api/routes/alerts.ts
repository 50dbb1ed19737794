import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  AddComment,
  Alert,
  AlertActivity,
  AlertDelivery,
  AlertPage,
  ErrorBody,
  ListAlertsQuery,
  ResendAlert,
  UpdateAlerts,
} from '../../contract/index.js'
import { AppError } from '../../core/index.js'
import type { ApiServices } from '../services.js'

const params = z.object({ id: z.string() })

/** Alerts: list with filters and paging, one by id, and the triage workflow. */
export const alertRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (
  app,
  { services },
) => {
  const actor = (request: { principal?: { name: string } }) => request.principal?.name ?? 'unknown'
  app.get(
    '/alerts',
    {
      schema: {
        summary: 'List alerts, newest first',
        querystring: ListAlertsQuery,
        response: { 200: AlertPage, 400: ErrorBody },
      },
    },
    (request) => services.alerts.list(request.query),
  )
  app.patch(
    '/alerts',
    {
      schema: {
        summary: 'Change the status or assignee of alerts (bulk)',
        description: 'Resolving or closing an alert tells incident tools (PagerDuty, Opsgenie).',
        body: UpdateAlerts,
        response: { 200: z.object({ alerts: z.array(Alert) }), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => ({ alerts: await services.alerts.update(request.body, actor(request)) }),
  )
  app.get(
    '/alerts/:id',
    { schema: { summary: 'One alert', params, response: { 200: Alert, 404: ErrorBody } } },
    async (request) => {
      const alert = await services.alerts.get(request.params.id)
      if (alert === undefined) throw new AppError('NOT_FOUND', `No alert ${request.params.id}`)
      return alert
    },
  )
  app.post(
    '/alerts/:id/comments',
    {
      schema: {
        summary: 'Comment on an alert',
        params,
        body: AddComment,
        response: { 201: AlertActivity, 404: ErrorBody },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await services.alerts.comment(request.params.id, request.body.text, actor(request))),
  )
  app.get(
    '/alerts/:id/activity',
    {
      schema: {
        summary: 'The timeline of an alert: who changed what, when',
        params,
        response: { 200: z.object({ activity: z.array(AlertActivity) }), 404: ErrorBody },
      },
    },
    async (request) => ({ activity: await services.alerts.activity(request.params.id) }),
  )
  app.get(
    '/alerts/:id/events',
    {
      schema: {
        summary: 'The events an alert grouped, oldest first, from the lake',
        params,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          cursor: z.string().optional().describe('The `nextCursor` of the previous page.'),
        }),
        response: {
          200: z.object({
            events: z.array(z.record(z.string(), z.unknown())),
            nextCursor: z.string().nullable(),
          }),
          404: ErrorBody,
        },
      },
    },
    (request) => services.alertEvents(request.params.id, request.query.limit, request.query.cursor),
  )
  app.get(
    '/alerts/:id/deliveries',
    {
      schema: {
        summary: 'Deliveries of an alert, with every attempt',
        params,
        response: { 200: z.object({ deliveries: z.array(AlertDelivery) }), 404: ErrorBody },
      },
    },
    async (request) => ({ deliveries: await services.alerts.deliveries(request.params.id) }),
  )
  app.post(
    '/alerts/:id/resend',
    {
      schema: {
        summary: 'Send an alert again',
        params,
        body: ResendAlert,
        response: { 202: z.object({ queued: z.boolean() }), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      await services.alerts.resend(request.params.id, request.body.destinations, actor(request))
      return reply.status(202).send({ queued: true })
    },
  )
  app.post(
    '/destinations/:id/test',
    {
      schema: {
        summary: 'Send a test alert to a destination now',
        params,
        response: {
          200: z.object({ delivered: z.boolean(), error: z.string().nullable() }),
          404: ErrorBody,
        },
      },
    },
    (request) => services.testDestination(request.params.id),
  )
}
