import type { ErrorCode } from '../contract/index.js'

/** Every error code Caracal can report, with its category and HTTP status. docs/errors.md mirrors it. */
export const errorCatalog = {
  CONFIG_INVALID: { category: 'user', status: 400, summary: 'The configuration file is invalid.' },
  CONFIG_NOT_FOUND: {
    category: 'user',
    status: 400,
    summary: 'The configuration file does not exist.',
  },
  VALIDATION_FAILED: {
    category: 'user',
    status: 400,
    summary: 'The request does not match its schema.',
  },
  BODY_INVALID: {
    category: 'user',
    status: 400,
    summary: 'The request body cannot be decoded (bad JSON or gzip).',
  },
  BODY_TOO_LARGE: {
    category: 'user',
    status: 413,
    summary: 'The request body is over the size limit.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    category: 'user',
    status: 415,
    summary: 'The request content type is not accepted.',
  },
  UNAUTHORIZED: { category: 'user', status: 401, summary: 'A valid bearer token is required.' },
  FORBIDDEN: { category: 'user', status: 403, summary: 'The token may not perform this action.' },
  NOT_FOUND: { category: 'user', status: 404, summary: 'The resource does not exist.' },
  CONFLICT: {
    category: 'user',
    status: 409,
    summary: 'The resource exists already (a name must be unique).',
  },
  SOURCE_NOT_FOUND: {
    category: 'user',
    status: 404,
    summary: 'No source with that id is configured.',
  },
  SOURCE_UNAUTHORIZED: {
    category: 'user',
    status: 401,
    summary: "The credentials do not match the HTTP source's auth (token, HMAC signature, basic).",
  },
  INGEST_OVERLOADED: {
    category: 'operational',
    status: 503,
    summary: 'Ingestion is behind its memory bound; retry after the Retry-After delay.',
  },
  LOG_TYPE_UNKNOWN: { category: 'user', status: 400, summary: 'The log type is not known.' },
  SCHEMA_INVALID: {
    category: 'user',
    status: 400,
    summary: 'A log type schema is invalid; details list each problem with its path and line.',
  },
  SCHEMA_INCOMPATIBLE: {
    category: 'user',
    status: 409,
    summary:
      'A schema update removes or retypes fields of the accepted version; details list them.',
  },
  PLUGIN_UNKNOWN: { category: 'user', status: 400, summary: 'No plugin of that type exists.' },
  DETECTION_INVALID: { category: 'user', status: 400, summary: 'A detection cannot be loaded.' },
  PACK_INVALID: {
    category: 'user',
    status: 400,
    summary:
      'A pack cannot be installed (unreadable source, unsafe or oversize zip, failed clone).',
  },
  INPUT_UNREADABLE: { category: 'user', status: 400, summary: 'An input file cannot be read.' },
  DESTINATION_REJECTED: {
    category: 'user',
    status: 502,
    summary: 'A destination refused the alert permanently.',
  },
  DESTINATION_UNAVAILABLE: {
    category: 'operational',
    status: 503,
    summary: 'A destination could not be reached; delivery will be retried.',
  },
  DETECTION_TIMEOUT: {
    category: 'user',
    status: 422,
    summary: 'A detection ran longer than its time limit and was stopped.',
  },
  DETECTION_FAILED: {
    category: 'user',
    status: 422,
    summary: 'A detection raised an error on an event.',
  },
  DETECTION_DISABLED: {
    category: 'user',
    status: 422,
    summary: 'A detection kept being stopped (time or memory) and was disabled until re-enabled.',
  },
  QUERY_TIMEOUT: {
    category: 'user',
    status: 408,
    summary: 'A lake query ran over its time limit and was stopped.',
  },
  LAKE_WRITE_FAILED: {
    category: 'operational',
    status: 503,
    summary: 'Events could not be written to the lake.',
  },
  STORE_UNAVAILABLE: {
    category: 'operational',
    status: 503,
    summary: 'The metadata store could not be reached.',
  },
  SHUTTING_DOWN: { category: 'operational', status: 503, summary: 'Caracal is shutting down.' },
  INTERNAL: { category: 'bug', status: 500, summary: 'An internal invariant was broken.' },
} as const satisfies Record<ErrorCode, { category: ErrorCategory; status: number; summary: string }>

/** `user`: bad input or config, never retried; `operational`: transient, retried; `bug`: broken invariant. */
export type ErrorCategory = 'user' | 'operational' | 'bug'
export type { ErrorCode }

/** The single error class of Caracal: a catalog code, a human message, optional details and cause. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly details: unknown

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: unknown; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.details = options.details
  }

  get category(): ErrorCategory {
    return errorCatalog[this.code].category
  }

  get status(): number {
    return errorCatalog[this.code].status
  }
}

/** Turns anything thrown into a message fit for a log line or a stored error record. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message
  return String(err)
}
