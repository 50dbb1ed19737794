import { deadline } from '../../platform/abort/index.js'
import { z } from 'zod'
import { AppError, describeError } from '../../core/index.js'
import { userAgent } from './common.js'

/** The `timeoutMs` key shared by HTTP destinations. */
export const timeoutField = z
  .number()
  .int()
  .positive()
  .optional()
  .describe('Longest wait for a response, in milliseconds (the delivery worker also caps it).')

/** One HTTP call of a destination, and what its errors may mention. */
export interface HttpDelivery {
  /** `<Vendor> destination <id>`: starts every error message. */
  label: string
  url: string
  method?: 'POST' | 'PUT' | 'PATCH'
  headers?: Record<string, string>
  /** Serialized as JSON unless a string. */
  body: unknown
  timeoutMs?: number | undefined
  signal: AbortSignal
  /** Values removed from error messages: tokens, keys, passwords, secret URLs. */
  secrets: readonly (string | undefined)[]
  /**
   * Marks a status the usual rules call permanent as transient (GitHub answers 403 when rate
   * limited), returning when to retry; `undefined` keeps the usual rules.
   */
  transient?: (response: Response) => { retryAfterMs?: number } | undefined
}

const excerptBytes = 2048
const excerptChars = 200

/**
 * Sends one request and returns the successful response (its body unread). Maps failures like the
 * webhook: network errors, 408, 429 and 5xx to `DESTINATION_UNAVAILABLE` (with `retryAfterMs`
 * when the vendor said), any other status to `DESTINATION_REJECTED`. Messages never hold secrets.
 */
export async function deliverHttp(request: HttpDelivery): Promise<Response> {
  const body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body)
  const timeoutMs = request.timeoutMs
  const signal =
    timeoutMs === undefined ? request.signal : deadline(request.signal, timeoutMs).signal
  const headers = new Headers(request.headers)
  if (!headers.has('content-type')) headers.set('content-type', 'application/json')
  if (!headers.has('accept')) headers.set('accept', 'application/json')
  headers.set('user-agent', userAgent)
  let response: Response
  try {
    response = await fetch(request.url, {
      method: request.method ?? 'POST',
      body,
      headers,
      signal,
      // A redirected POST may lose its body or leak credentials to another host: refuse it.
      redirect: 'manual',
    })
  } catch (err) {
    // The URL may itself be a secret (Slack, Teams): only the reason goes in the message.
    throw new AppError(
      'DESTINATION_UNAVAILABLE',
      `${request.label}: no response (${networkReason(err, signal, request.secrets)})`,
      { cause: redactError(err, request.secrets) },
    )
  }
  if (response.ok) return response
  throw await statusError(request, response)
}

/** Reads a successful response's JSON body; a vendor answering garbage is worth a retry. */
export async function readJson(label: string, response: Response): Promise<unknown> {
  try {
    return await response.json()
  } catch (err) {
    throw new AppError('DESTINATION_UNAVAILABLE', `${label}: unreadable response body`, {
      cause: err,
    })
  }
}

/** 408, 429 and 5xx are worth retrying; any other status will not change by itself. */
async function statusError(request: HttpDelivery, response: Response): Promise<AppError> {
  const status = response.status
  const excerpt = redact(await readExcerpt(response), request.secrets)
  const message = `${request.label} answered HTTP ${String(status)}${excerpt === '' ? '' : `: ${excerpt}`}`
  const vendorSays = request.transient?.(response)
  if (vendorSays !== undefined) {
    const retryAfterMs = vendorSays.retryAfterMs
    return new AppError('DESTINATION_UNAVAILABLE', message, {
      details: retryAfterMs === undefined ? { status } : { status, retryAfterMs },
    })
  }
  if (isRetryableStatus(status)) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now())
    return new AppError('DESTINATION_UNAVAILABLE', message, {
      details: retryAfterMs === undefined ? { status } : { status, retryAfterMs },
    })
  }
  return new AppError('DESTINATION_REJECTED', message, { details: { status } })
}

/** True for the statuses a later attempt may succeed on. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}

/** Replaces every secret (4+ characters, also URL-encoded) in `text` with `[redacted]`. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 4) continue
    out = out.replaceAll(secret, '[redacted]').replaceAll(encodeURIComponent(secret), '[redacted]')
  }
  return out
}

// The cause is logged by the worker; undici's messages may quote the URL.
function redactError(err: unknown, secrets: readonly (string | undefined)[]): unknown {
  if (!(err instanceof Error)) return err
  const copy = new Error(redact(err.message, secrets))
  copy.name = err.name
  const cause: unknown = err.cause
  if (typeof cause === 'object' && cause !== null && 'code' in cause) {
    Object.assign(copy, { code: cause.code })
  }
  return copy
}

/** Reads the start of an error body for the message, without buffering a huge one. */
async function readExcerpt(response: Response): Promise<string> {
  const reader = response.body?.getReader()
  if (reader === undefined) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    while (size < excerptBytes) {
      // Node's fetch types leave chunks untyped; they are bytes.
      const chunk: { done: boolean; value?: unknown } = await reader.read()
      const value = chunk.value
      if (chunk.done || !(value instanceof Uint8Array)) break
      chunks.push(value)
      size += value.byteLength
    }
  } catch {
    // The status alone is enough to classify the failure.
  } finally {
    await reader.cancel().catch(() => undefined)
  }
  const text = Buffer.concat(chunks).subarray(0, excerptBytes).toString('utf8')
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > excerptChars ? `${flat.slice(0, excerptChars)}…` : flat
}

/** `Retry-After` in seconds or as an HTTP-date, as milliseconds from `nowMs`. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs)
}

function networkReason(
  err: unknown,
  signal: AbortSignal,
  secrets: readonly (string | undefined)[],
): string {
  if (signal.aborted) {
    const reason: unknown = signal.reason
    return reason instanceof DOMException && reason.name === 'TimeoutError'
      ? 'timed out'
      : 'aborted'
  }
  // fetch reports "fetch failed" and puts the useful part (ECONNREFUSED, ENOTFOUND…) in its cause.
  const cause: unknown = err instanceof Error ? err.cause : undefined
  if (
    typeof cause === 'object' &&
    cause !== null &&
    'code' in cause &&
    typeof cause.code === 'string'
  ) {
    return cause.code
  }
  // fetch rejects invalid URLs with a message that quotes them: never echo it.
  return err instanceof TypeError
    ? 'request failed'
    : redact(describeError(cause ?? err), secrets).slice(0, 100)
}
