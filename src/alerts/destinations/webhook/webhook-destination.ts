import { createHmac } from 'node:crypto'
import type { Alert } from '../../../contract/index.js'
import type { AlertNotification, AlertNotificationKind, Destination } from '../../../core/index.js'
import { AppError } from '../../../core/index.js'
import { deliverHttp } from '../http-delivery.js'
import { renderTemplate } from '../template.js'
import type { WebhookConfig } from './config.js'

/** The JSON body a webhook receives; `version` changes only when the shape breaks. */
export interface WebhookPayload {
  version: 1
  /** `trigger` for a new alert (or a re-send), `resolve` once it is resolved or closed. */
  event: AlertNotificationKind
  alert: Alert
  link: string
}

export { parseRetryAfter } from '../http-delivery.js'

/** POSTs each alert as JSON to an HTTP(S) endpoint, optionally signed with HMAC-SHA256. */
export class WebhookDestination implements Destination {
  readonly type = 'webhook'

  constructor(
    readonly id: string,
    private readonly config: WebhookConfig,
  ) {}

  async send(notification: AlertNotification, signal: AbortSignal): Promise<void> {
    const body = this.body(notification)
    const response = await deliverHttp({
      label: `Webhook destination ${this.id}`,
      url: this.config.url,
      body,
      headers: this.headers(body),
      timeoutMs: this.config.timeoutMs,
      signal,
      // Some endpoints echo the request back: keep its secrets out of stored errors and logs.
      secrets: [this.config.secret, ...Object.values(this.config.headers ?? {})],
    })
    await response.body?.cancel()
  }

  private body(notification: AlertNotification): string {
    const template = this.config.payloadTemplate
    if (template === undefined) {
      const payload: WebhookPayload = {
        version: 1,
        event: notification.kind ?? 'trigger',
        alert: notification.alert,
        link: notification.link,
      }
      return JSON.stringify(payload)
    }
    const body = renderTemplate(template, notification, jsonStringContent)
    try {
      JSON.parse(body)
    } catch {
      // The template is config: no retry will mend it.
      throw new AppError(
        'DESTINATION_REJECTED',
        `Webhook destination ${this.id}: payloadTemplate does not render valid JSON`,
      )
    }
    return body
  }

  private headers(body: string): Record<string, string> {
    // Through Headers, so a configured `Content-Type` in any case is replaced, not doubled.
    const headers = new Headers(this.config.headers)
    headers.set('content-type', 'application/json')
    if (this.config.secret !== undefined) {
      const digest = createHmac('sha256', this.config.secret).update(body, 'utf8').digest('hex')
      headers.set('x-caracal-signature', `sha256=${digest}`)
    }
    return Object.fromEntries(headers)
  }
}

/** A value as the inside of a JSON string literal: quotes, backslashes and controls escaped. */
export function jsonStringContent(value: string): string {
  return JSON.stringify(value).slice(1, -1)
}
