import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  CreateDestination,
  DestinationView,
  ErrorBody,
  UpdateDestination,
} from '../../contract/index.js'
import { AppError } from '../../core/index.js'
import type { ApiServices } from '../services.js'

const params = z.object({ id: z.string() })

/** Destinations: listed by anyone, created and changed by admins; secrets never leave sealed. */
export const destinationRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (
  app,
  { services },
) => {
  const catalog = services.destinations
  const admin = (request: { principal?: { role: string } }) => {
    if (request.principal?.role !== 'admin') {
      throw new AppError('FORBIDDEN', 'Only admin tokens may change destinations')
    }
  }
  const actor = (request: { principal?: { name: string } }) => request.principal?.name ?? 'unknown'
  app.get(
    '/destinations',
    {
      schema: {
        summary: 'List destinations (secrets masked)',
        response: { 200: z.object({ destinations: z.array(DestinationView) }) },
      },
    },
    () => ({ destinations: catalog.list() }),
  )
  app.get(
    '/destinations/:id',
    {
      schema: {
        summary: 'One destination',
        params,
        response: { 200: DestinationView, 404: ErrorBody },
      },
    },
    (request) => catalog.get(request.params.id),
  )
  app.post(
    '/destinations',
    {
      schema: {
        summary: 'Create a destination; its secrets are stored sealed (AES-256-GCM)',
        body: CreateDestination,
        response: { 201: DestinationView, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      admin(request)
      return reply.status(201).send(await catalog.create(request.body, actor(request)))
    },
  )
  app.put(
    '/destinations/:id',
    {
      schema: {
        summary: 'Change a destination created through the API',
        params,
        body: UpdateDestination,
        response: {
          200: DestinationView,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (request) => {
      admin(request)
      return catalog.update(request.params.id, request.body, actor(request))
    },
  )
  app.delete(
    '/destinations/:id',
    {
      schema: {
        summary: 'Delete a destination created through the API',
        params,
        response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      admin(request)
      await catalog.remove(request.params.id)
      return reply.status(204).send(null)
    },
  )
}
