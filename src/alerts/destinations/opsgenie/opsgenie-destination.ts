import type { Severity } from '../../../contract/index.js'
import type { AlertNotification, Destination } from '../../../core/index.js'
import { deliverHttp } from '../http-delivery.js'
import { isResolve, renderTexts, truncate } from '../text-format.js'
import type { OpsgenieConfig } from './config.js'

/** Opsgenie priorities, by Caracal severity: P1 is the most urgent. */
export const opsgeniePriority: Record<Severity, 'P1' | 'P2' | 'P3' | 'P4' | 'P5'> = {
  CRITICAL: 'P1',
  HIGH: 'P2',
  MEDIUM: 'P3',
  LOW: 'P4',
  INFO: 'P5',
}

const apiUrls = { us: 'https://api.opsgenie.com', eu: 'https://api.eu.opsgenie.com' } as const
// Documented limits of the Create Alert request.
const messageMax = 130
const aliasMax = 512
const descriptionMax = 15_000
const sourceMax = 100
const detailsMax = 8000

/** The Create Alert request body. */
export function opsgenieAlert(
  notification: AlertNotification,
  config: Pick<OpsgenieConfig, 'responders' | 'tags' | 'titleTemplate' | 'bodyTemplate'>,
): Record<string, unknown> {
  const { alert, link } = notification
  const texts = renderTexts(notification, config)
  const tags = [...new Set(['caracal', alert.severity.toLowerCase(), ...(config.tags ?? [])])]
  return {
    message: truncate(texts.title, messageMax),
    alias: truncate(alert.id, aliasMax),
    description: truncate(
      `${texts.body.trim()}\n\nOpen in Caracal: ${link}`.trim(),
      descriptionMax,
    ),
    ...(config.responders === undefined ? {} : { responders: config.responders }),
    tags: tags.slice(0, 20).map((tag) => truncate(tag, 50)),
    details: details(notification),
    entity: truncate(alert.ruleId, aliasMax),
    source: truncate('Caracal', sourceMax),
    priority: opsgeniePriority[alert.severity],
  }
}

// Details are a string map with a shared size limit: the small, useful values first.
function details(notification: AlertNotification): Record<string, string> {
  const { alert, link } = notification
  const candidates: [string, string][] = [
    ['link', link],
    ['alertId', alert.id],
    ['rule', alert.ruleName === '' ? alert.ruleId : `${alert.ruleName} (${alert.ruleId})`],
    ['severity', alert.severity],
    ['eventCount', String(alert.eventCount)],
    ['logTypes', alert.logTypes.join(', ')],
    ['firstEventTime', alert.firstEventTime],
    ['lastEventTime', alert.lastEventTime],
    ['runbook', alert.runbook],
    ['context', JSON.stringify(alert.context)],
  ]
  const out: Record<string, string> = {}
  let used = 0
  for (const [key, value] of candidates) {
    if (value === '' || used + key.length + value.length > detailsMax) continue
    out[key] = value
    used += key.length + value.length
  }
  return out
}

/** The API base URL: `apiUrl` if set, else the US or EU instance. */
export function opsgenieBaseUrl(config: Pick<OpsgenieConfig, 'apiUrl' | 'region'>): string {
  return (config.apiUrl ?? apiUrls[config.region]).replace(/\/+$/, '')
}

/** Creates an Opsgenie alert per Caracal alert (alias = alert id), closing it on resolve. */
export class OpsgenieDestination implements Destination {
  readonly type = 'opsgenie'

  constructor(
    readonly id: string,
    private readonly config: OpsgenieConfig,
  ) {}

  async send(notification: AlertNotification, signal: AbortSignal): Promise<void> {
    const base = opsgenieBaseUrl(this.config)
    const resolve = isResolve(notification)
    if (resolve && !this.config.closeOnResolve) return
    const alias = encodeURIComponent(notification.alert.id)
    const url = resolve
      ? `${base}/v2/alerts/${alias}/close?identifierType=alias`
      : `${base}/v2/alerts`
    const body = resolve
      ? { source: 'Caracal', note: `Resolved in Caracal: ${notification.link}` }
      : opsgenieAlert(notification, this.config)
    // Opsgenie queues the request (202); a bad alias on close is its business, not a retry.
    const response = await deliverHttp({
      label: `Opsgenie destination ${this.id}`,
      url,
      headers: { authorization: `GenieKey ${this.config.apiKey}` },
      body,
      timeoutMs: this.config.timeoutMs,
      signal,
      secrets: [this.config.apiKey],
    })
    await response.body?.cancel()
  }
}
