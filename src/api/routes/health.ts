import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { ApiServices } from '../services.js'

const started = Date.now()

/** `/healthz` and `/metrics`: open, for load balancers and Prometheus scrapers. */
export const healthRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (
  app,
  { services },
) => {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness: the server is up',
        security: [],
        response: {
          200: z.object({
            status: z.literal('ok'),
            version: z.string(),
            uptimeSeconds: z.number(),
          }),
        },
      },
    },
    () => ({
      status: 'ok' as const,
      version: services.version,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
    }),
  )
  app.get(
    '/metrics',
    { schema: { summary: 'Prometheus metrics (text exposition format)', security: [] } },
    async (_request, reply) => {
      const text = await services.metrics.render()
      return reply.type(services.metrics.contentType).send(text)
    },
  )
}
