import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ErrorBody } from '../../contract/index.js'
import { AppError } from '../../core/index.js'
import type { ApiServices } from '../services.js'

const TokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  createdAt: z.string(),
})

/** API tokens, for admins: each person or sender gets its own, so timelines say who did what. */
export const tokenRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (
  app,
  { services },
) => {
  app.addHook('onRequest', async (request) => {
    if (request.principal?.role !== 'admin') {
      throw new AppError('FORBIDDEN', 'Only admin tokens may manage tokens')
    }
  })
  app.get(
    '/tokens',
    {
      schema: {
        summary: 'List API tokens (never the tokens themselves)',
        response: { 200: z.object({ tokens: z.array(TokenInfo) }), 403: ErrorBody },
      },
    },
    async () => ({ tokens: await services.tokens.list() }),
  )
  app.post(
    '/tokens',
    {
      schema: {
        summary: 'Create an API token; the response is the only time it is shown',
        body: z.object({
          name: z.string().min(1).max(100).describe('Who uses it; shown in alert timelines.'),
          role: z.enum(['admin', 'analyst', 'ingest']).default('analyst'),
        }),
        response: { 201: z.object({ token: z.string() }), 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ token: await services.tokens.create(request.body.name, request.body.role) }),
  )
}
