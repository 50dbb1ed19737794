import { z } from 'zod'

/** Every error code an API response may carry; `src/core/errors.ts` gives each its meaning. */
export const errorCodes = [
  'CONFIG_INVALID',
  'CONFIG_NOT_FOUND',
  'VALIDATION_FAILED',
  'BODY_INVALID',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'SOURCE_NOT_FOUND',
  'SOURCE_UNAUTHORIZED',
  'INGEST_OVERLOADED',
  'LOG_TYPE_UNKNOWN',
  'SCHEMA_INVALID',
  'SCHEMA_INCOMPATIBLE',
  'PLUGIN_UNKNOWN',
  'DETECTION_INVALID',
  'PACK_INVALID',
  'INPUT_UNREADABLE',
  'DESTINATION_REJECTED',
  'DESTINATION_UNAVAILABLE',
  'DETECTION_TIMEOUT',
  'DETECTION_FAILED',
  'DETECTION_DISABLED',
  'LAKE_WRITE_FAILED',
  'QUERY_TIMEOUT',
  'STORE_UNAVAILABLE',
  'SHUTTING_DOWN',
  'INTERNAL',
] as const
export type ErrorCode = (typeof errorCodes)[number]

/** The body of every error response. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string(),
  }),
})
export type ErrorBody = z.infer<typeof ErrorBody>
