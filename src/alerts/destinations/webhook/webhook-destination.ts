import { createHmac } from 'node:crypto'
import type { Alert } from '../../../contract/index.js'
import {
  AppError,
  describeError,
  type AlertNotification,
  type Destination,
} from '../../../core/index.js'
import { userAgent } from '../common.js'
import type { WebhookConfig } from './config.js'

/** The JSON body a webhook receives; `version` changes only when the shape breaks. */
export interface WebhookPayload {
  version: 1
  alert: Alert
  link: string
}

const excerptBytes = 2048
const excerptChars = 200

/** POSTs each alert as JSON to an HTTP(S) endpoint, optionally signed with HMAC-SHA256. */
export class WebhookDestination implements Destination {
  readonly type = 'webhook'

  constructor(
    readonly id: string,
    private readonly config: WebhookConfig,
  ) {}

  async send(notification: AlertNotification, signal: AbortSignal): Promise<void> {
    const payload: WebhookPayload = {
      version: 1,
      alert: notification.alert,
      link: notification.link,
    }
    const body = JSON.stringify(payload)
    const timeoutMs = this.config.timeoutMs
    const requestSignal =
      timeoutMs === undefined ? signal : AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
    let response: Response
    try {
      response = await fetch(this.config.url, {
        method: 'POST',
        body,
        headers: this.headers(body),
        signal: requestSignal,
        // A redirected POST may lose its body or leak headers to another host: refuse it.
        redirect: 'manual',
      })
    } catch (err) {
      throw new AppError(
        'DESTINATION_UNAVAILABLE',
        `Webhook destination ${this.id}: no response (${networkReason(err, requestSignal)})`,
        { cause: err },
      )
    }
    if (response.ok) {
      await response.body?.cancel()
      return
    }
    throw await this.statusError(response)
  }

  private headers(body: string): Headers {
    const headers = new Headers(this.config.headers)
    headers.set('content-type', 'application/json')
    headers.set('user-agent', userAgent)
    if (this.config.secret !== undefined) {
      const digest = createHmac('sha256', this.config.secret).update(body, 'utf8').digest('hex')
      headers.set('x-caracal-signature', `sha256=${digest}`)
    }
    return headers
  }

  /** 408, 429 and 5xx are worth retrying; any other status will not change by itself. */
  private async statusError(response: Response): Promise<AppError> {
    const status = response.status
    const excerpt = this.redact(await readExcerpt(response))
    const message = `Webhook destination ${this.id} answered HTTP ${String(status)}${excerpt === '' ? '' : `: ${excerpt}`}`
    if (status === 408 || status === 429 || status >= 500) {
      const retryAfterMs =
        status === 429 || status === 503
          ? parseRetryAfter(response.headers.get('retry-after'), Date.now())
          : undefined
      return new AppError('DESTINATION_UNAVAILABLE', message, {
        details: retryAfterMs === undefined ? { status } : { status, retryAfterMs },
      })
    }
    return new AppError('DESTINATION_REJECTED', message, { details: { status } })
  }

  // Some endpoints echo the request back: keep its secrets out of stored errors and logs.
  private redact(text: string): string {
    const secrets = [this.config.secret, ...Object.values(this.config.headers ?? {})]
    return secrets.reduce<string>(
      (out, value) =>
        value !== undefined && value.length >= 4 ? out.replaceAll(value, '[redacted]') : out,
      text,
    )
  }
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

function networkReason(err: unknown, signal: AbortSignal): string {
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
  return describeError(cause ?? err)
}
