import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AddPackInput, ErrorBody, Pack, PackChange, TogglePackInput } from '../../contract/index.js'
import { AppError } from '../../core/index.js'
import type { ApiServices } from '../services.js'

const params = z.object({ name: z.string() })

/**
 * Detection packs: listed by any token, installed and changed by admins (a pack is code the
 * server runs). Changes apply when detections next load, at the next start.
 */
export const packRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (
  app,
  { services },
) => {
  const packs = () => {
    if (services.packs === undefined) {
      throw new AppError('NOT_FOUND', 'Packs are not managed by this server')
    }
    return services.packs
  }
  const admin = (request: { principal?: { role: string } }) => {
    if (request.principal?.role !== 'admin') {
      throw new AppError('FORBIDDEN', 'Only admin tokens may install or change packs')
    }
  }
  app.get(
    '/packs',
    {
      schema: {
        summary: 'List installed packs with their versions and detections',
        response: { 200: z.object({ packs: z.array(Pack) }) },
      },
    },
    async () => ({ packs: services.packs === undefined ? [] : await packs().list() }),
  )
  app.post(
    '/packs',
    {
      schema: {
        summary: 'Install a pack (disabled) from a folder or .zip on the server, or a git URL',
        body: AddPackInput,
        response: { 201: PackChange, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      admin(request)
      const change = await packs().add(request.body.source, { name: request.body.name })
      return reply.status(201).send(change)
    },
  )
  app.post(
    '/packs/update',
    {
      schema: {
        summary: 'Fetch every pack from its source again, each as a new version',
        response: {
          200: z.object({ changes: z.array(PackChange) }),
          400: ErrorBody,
          403: ErrorBody,
        },
      },
    },
    async (request) => {
      admin(request)
      return { changes: await packs().update() }
    },
  )
  app.get(
    '/packs/:name',
    {
      schema: { summary: 'One pack', params, response: { 200: Pack, 404: ErrorBody } },
    },
    (request) => packs().get(request.params.name),
  )
  app.post(
    '/packs/:name/update',
    {
      schema: {
        summary: 'Fetch a pack from its source again, as a new version',
        params,
        response: { 200: PackChange, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      admin(request)
      const [change] = await packs().update(request.params.name)
      if (change === undefined) throw new AppError('INTERNAL', 'The update reported nothing')
      return change
    },
  )
  for (const verb of ['enable', 'disable'] as const) {
    app.post(
      `/packs/:name/${verb}`,
      {
        schema: {
          summary:
            verb === 'enable'
              ? 'Enable a pack or one detection; warnings list log types no source ingests'
              : 'Disable a pack or one detection',
          params,
          body: TogglePackInput.optional(),
          response: { 200: PackChange, 403: ErrorBody, 404: ErrorBody },
        },
      },
      async (request) => {
        admin(request)
        return packs()[verb](request.params.name, request.body?.detection)
      },
    )
  }
  app.delete(
    '/packs/:name',
    {
      schema: {
        summary: 'Uninstall a pack and delete its content',
        params,
        response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      admin(request)
      await packs().remove(request.params.name)
      return reply.status(204).send(null)
    },
  )
}
