import { deadline } from '../../platform/abort/index.js'
import { z } from 'zod'
import { AppError, describeError, type AlertNotification } from '../../core/index.js'
import { redact } from './http-delivery.js'

/** AWS connection keys shared by the SNS and SQS destinations. */
export const awsConnectionFields = {
  region: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be an AWS region such as us-east-1')
    .optional()
    .describe('AWS region. Default: the region in the ARN or queue URL.'),
  endpoint: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .optional()
    .describe('Custom endpoint (VPC endpoint, LocalStack, tests). Default: the AWS endpoint.'),
  accessKeyId: z
    .string()
    .min(1)
    .optional()
    .describe('Access key id. Default: the AWS SDK credential chain (env, profile, role).'),
  secretAccessKey: z
    .string()
    .min(1)
    .optional()
    .describe('Secret access key, with `accessKeyId`. A secret: never logged.')
    .meta({ secret: true }),
  sessionToken: z
    .string()
    .min(1)
    .optional()
    .describe('Session token of temporary credentials. A secret: never logged.')
    .meta({ secret: true }),
  format: z
    .enum(['json', 'text'])
    .default('json')
    .describe(
      '`json`: the webhook payload `{ version, kind, alert, link }`; `text`: the rendered title, body, facts and link.',
    ),
  timeoutMs: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      'Longest wait for AWS to answer, in milliseconds (the delivery worker also caps it).',
    ),
}

/** The validated AWS connection keys. */
export interface AwsConnection {
  region?: string | undefined
  endpoint?: string | undefined
  accessKeyId?: string | undefined
  secretAccessKey?: string | undefined
  sessionToken?: string | undefined
  timeoutMs?: number | undefined
}

/** Refinement: keys come in pairs, or not at all (then the SDK's chain applies). */
export function credentialsPaired(config: AwsConnection): boolean {
  return (config.accessKeyId === undefined) === (config.secretAccessKey === undefined)
}

/**
 * Options for an AWS SDK v3 client. One attempt only: the outbox retries with its own backoff,
 * so SDK retries would multiply the wait and hide failures from the delivery record.
 */
export function awsClientOptions(config: AwsConnection, fallbackRegion: string | undefined) {
  const region = config.region ?? fallbackRegion ?? 'us-east-1'
  return {
    region,
    maxAttempts: 1,
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    ...(config.accessKeyId === undefined || config.secretAccessKey === undefined
      ? {}
      : {
          credentials: {
            accessKeyId: config.accessKeyId,
            secretAccessKey: config.secretAccessKey,
            ...(config.sessionToken === undefined ? {} : { sessionToken: config.sessionToken }),
          },
        }),
  }
}

/** The caller's signal, bounded by `timeoutMs` when set. */
export function withTimeout(signal: AbortSignal, timeoutMs: number | undefined): AbortSignal {
  return timeoutMs === undefined ? signal : deadline(signal, timeoutMs).signal
}

const throttled = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'KMSThrottlingException',
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
])

/**
 * Maps an AWS SDK failure: no HTTP answer (network, timeout, abort, missing credentials),
 * throttling, 408/429/5xx → `DESTINATION_UNAVAILABLE`; any other error answer (bad ARN, access
 * denied, bad parameter) → `DESTINATION_REJECTED`. Secrets are stripped from the message.
 */
export function awsError(
  label: string,
  err: unknown,
  signal: AbortSignal,
  secrets: readonly (string | undefined)[],
): AppError {
  const name = err instanceof Error ? err.name : 'Error'
  const meta = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
  const status = meta?.httpStatusCode
  if (signal.aborted) {
    const reason: unknown = signal.reason
    const why =
      reason instanceof DOMException && reason.name === 'TimeoutError' ? 'timed out' : 'aborted'
    return new AppError('DESTINATION_UNAVAILABLE', `${label}: no response (${why})`, { cause: err })
  }
  const text = redact(describeError(err), secrets).replace(/\s+/g, ' ').slice(0, 300)
  const message = `${label}: ${name}${status === undefined ? '' : ` (HTTP ${String(status)})`}: ${text}`
  const retryable =
    status === undefined ||
    status === 408 ||
    status === 429 ||
    status >= 500 ||
    throttled.has(name) ||
    (err as { $retryable?: unknown }).$retryable !== undefined
  const details = status === undefined ? { name } : { name, status }
  return new AppError(retryable ? 'DESTINATION_UNAVAILABLE' : 'DESTINATION_REJECTED', message, {
    details,
  })
}

/** The JSON message of SNS and SQS: the webhook's payload shape plus `kind`. */
export function awsJsonMessage(notification: AlertNotification, maxBytes: number): string {
  const payload = {
    version: 1,
    kind: notification.kind ?? 'trigger',
    alert: notification.alert,
    link: notification.link,
  }
  const full = JSON.stringify(payload)
  if (Buffer.byteLength(full, 'utf8') <= maxBytes) return full
  // Too big: the context and description are the unbounded parts; keep the rest intact.
  const slim = {
    ...payload,
    truncated: true,
    alert: {
      ...notification.alert,
      context: {},
      description: notification.alert.description.slice(0, 4096),
    },
  }
  return JSON.stringify(slim)
}

/** A FIFO dedup id: one per alert and kind, within SQS/SNS's 128 allowed characters. */
export function fifoDeduplicationId(notification: AlertNotification): string {
  return `${notification.alert.id}-${notification.kind ?? 'trigger'}`
    .replace(/[^A-Za-z0-9!-/:-@[-`{-~]/g, '_')
    .slice(0, 128)
}
