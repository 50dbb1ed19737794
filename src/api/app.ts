import fastifySwagger from '@fastify/swagger'
import Fastify, { type FastifyInstance } from 'fastify'
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod'
import { ulid } from 'ulid'
import { installErrorHandler } from './error-handler.js'
import { alertRoutes } from './routes/alerts.js'
import { healthRoutes } from './routes/health.js'
import { destinationRoutes } from './routes/destinations.js'
import { ingestRoutes } from './routes/ingest.js'
import { logTypeRoutes } from './routes/log-types.js'
import { otlpRoutes } from './routes/otlp.js'
import { packRoutes } from './routes/packs.js'
import { queryRoutes } from './routes/queries.js'
import { savedQueryRoutes } from './routes/saved-queries.js'
import { scheduledQueryRoutes } from './routes/scheduled-queries.js'
import { searchRoutes } from './routes/search.js'
import { sourceRoutes } from './routes/sources.js'
import { tokenRoutes } from './routes/tokens.js'
import type { ApiServices } from './services.js'
import { requireSignature, requireToken } from './auth/require-token.js'

/** Builds the HTTP API. Listening is the caller's business (tests use `inject`). */
export async function buildApi(services: ApiServices): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    genReqId: () => ulid(),
    // The ingest route sets its own limit (compressed bodies); everything else is small JSON.
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  installErrorHandler(app, services.logger)

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Caracal API', version: services.version },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  })

  await app.register(healthRoutes, { services })
  await app.register(
    async (v1) => {
      v1.addHook('onRequest', requireToken(services))
      v1.addHook('preHandler', requireSignature)
      await v1.register(ingestRoutes, { services })
      await v1.register(otlpRoutes, { services })
      await v1.register(alertRoutes, { services })
      await v1.register(queryRoutes, { services })
      await v1.register(searchRoutes, { services })
      await v1.register(savedQueryRoutes, { services })
      await v1.register(scheduledQueryRoutes, { services })
      await v1.register(tokenRoutes, { services })
      await v1.register(destinationRoutes, { services })
      await v1.register(sourceRoutes, { services })
      await v1.register(packRoutes, { services })
      await v1.register(logTypeRoutes, { services })
    },
    { prefix: '/v1' },
  )
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger())
  await app.ready()
  return app
}
