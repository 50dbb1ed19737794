import type { FastifyError, FastifyInstance } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import type { ErrorBody } from '../contract/index.js'
import { AppError, type ErrorCode, type Logger } from '../core/index.js'

/** Fastify's own error codes, mapped to Caracal's catalog. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BODY_INVALID',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BODY_INVALID',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BODY_INVALID',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
}

/** The one place errors become HTTP responses: `{ error: { code, message, details?, requestId } }`. */
export function installErrorHandler(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const appError = toAppError(err)
    // Backpressure answers are expected under load: sources count them, a log line each would flood.
    if (appError.category !== 'user' && appError.code !== 'INGEST_OVERLOADED') {
      logger.error({ err, requestId: request.id, url: request.url }, 'Request failed')
    }
    const body: ErrorBody = {
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.details === undefined ? {} : { details: appError.details }),
        requestId: request.id,
      },
    }
    return reply.status(appError.status).send(body)
  })
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: {
        code: 'NOT_FOUND',
        message: `No route ${request.method} ${request.url.split('?')[0] ?? ''}`,
        requestId: request.id,
      },
    }
    return reply.status(404).send(body)
  })
}

function toAppError(err: FastifyError): AppError {
  if (err instanceof AppError) return err
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => ({
      path: `${err.validationContext ?? ''}${v.instancePath}`,
      message: v.message,
    }))
    const summary = details.map((d) => `${d.path}: ${d.message}`).join('; ')
    return new AppError('VALIDATION_FAILED', `Invalid request: ${summary}`, { details })
  }
  // Anything may be thrown here, not only FastifyErrors: read code and status defensively.
  const { code, statusCode } = err as { code?: unknown; statusCode?: unknown }
  const mapped = typeof code === 'string' ? fastifyCodes[code] : undefined
  if (mapped !== undefined) return new AppError(mapped, err.message, { cause: err })
  if (typeof statusCode === 'number' && statusCode < 500) {
    return new AppError('VALIDATION_FAILED', err.message, { cause: err })
  }
  return new AppError('INTERNAL', 'Internal error; the server log has the details', { cause: err })
}
