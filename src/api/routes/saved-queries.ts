import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ErrorBody, ListSavedQueries, SavedQuery, SavedQueryInput } from '../../contract/index.js'
import type { ApiServices } from '../services.js'

const params = z.object({ id: z.string() })

/** Saved queries: named, tagged SQL for the team. */
export const savedQueryRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (
  app,
  { services },
) => {
  const saved = services.savedQueries
  app.get(
    '/saved-queries',
    {
      schema: {
        summary: 'List saved queries',
        querystring: ListSavedQueries,
        response: { 200: z.object({ queries: z.array(SavedQuery) }) },
      },
    },
    async (request) => ({ queries: await saved.list(request.query.tag) }),
  )
  app.post(
    '/saved-queries',
    {
      schema: {
        summary: 'Save a query',
        body: SavedQueryInput,
        response: { 201: SavedQuery, 400: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await saved.create(request.body, request.principal?.name ?? 'unknown')),
  )
  app.get(
    '/saved-queries/:id',
    {
      schema: { summary: 'One saved query', params, response: { 200: SavedQuery, 404: ErrorBody } },
    },
    (request) => saved.get(request.params.id),
  )
  app.put(
    '/saved-queries/:id',
    {
      schema: {
        summary: 'Change a saved query',
        params,
        body: SavedQueryInput,
        response: { 200: SavedQuery, 404: ErrorBody, 409: ErrorBody },
      },
    },
    (request) => saved.update(request.params.id, request.body),
  )
  app.delete(
    '/saved-queries/:id',
    {
      schema: {
        summary: 'Delete a saved query',
        params,
        response: { 204: z.null(), 404: ErrorBody },
      },
    },
    async (request, reply) => {
      await saved.remove(request.params.id)
      return reply.status(204).send(null)
    },
  )
}
