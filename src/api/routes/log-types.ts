import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  ErrorBody,
  LogTypeList,
  LogTypeSchemaVersion,
  PutLogTypeInput,
  PutLogTypeResult,
} from '../../contract/index.js'
import { AppError } from '../../core/index.js'
import type { ApiServices } from '../services.js'

const params = z.object({ name: z.string() })

/** Schemas are written by hand in YAML: these media types (and text/plain) carry the text itself. */
const yamlTypes = ['text/yaml', 'application/yaml', 'application/x-yaml']

/**
 * Log types: listed by any token; custom schemas put by admins (a schema decides what is stored
 * and how it is parsed). A put version is live at once and survives restarts (metadata store).
 */
export const logTypeRoutes: FastifyPluginAsyncZod<{ services: ApiServices }> = async (
  app,
  { services },
) => {
  const logTypes = () => {
    if (services.logTypes === undefined) {
      throw new AppError('NOT_FOUND', 'Log types are not managed by this server')
    }
    return services.logTypes
  }
  app.addContentTypeParser(yamlTypes, { parseAs: 'string' }, (_request, body, done) => {
    done(null, body)
  })
  app.get(
    '/log-types',
    {
      schema: {
        summary: 'List log types, and the schemas that failed to load or to evolve',
        response: { 200: LogTypeList },
      },
    },
    () => logTypes().list(),
  )
  app.put(
    '/log-types/:name',
    {
      schema: {
        summary:
          'Put a custom schema (YAML body, or JSON {schema}); a new version may add fields, ' +
          'never remove or retype them',
        params,
        body: z.union([z.string().min(1), PutLogTypeInput]),
        response: {
          200: PutLogTypeResult,
          201: PutLogTypeResult,
          400: ErrorBody,
          403: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      if (request.principal?.role !== 'admin') {
        throw new AppError('FORBIDDEN', 'Only admin tokens may put log type schemas')
      }
      const text = typeof request.body === 'string' ? request.body : request.body.schema
      const result = await logTypes().put(request.params.name, text)
      return reply.status(result.created ? 201 : 200).send(result)
    },
  )
  app.get(
    '/log-types/:name/versions',
    {
      schema: {
        summary: 'Every accepted version of a custom schema, oldest first',
        params,
        response: { 200: z.object({ versions: z.array(LogTypeSchemaVersion) }), 400: ErrorBody },
      },
    },
    async (request) => ({ versions: await logTypes().versions(request.params.name) }),
  )
}
