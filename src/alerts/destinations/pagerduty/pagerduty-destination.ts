import type { Severity } from '../../../contract/index.js'
import type { Alert, AlertNotification, Destination } from '../../../core/index.js'
import { AppError } from '../../../core/index.js'
import { deliverHttp, readJson } from '../http-delivery.js'
import { renderTemplate } from '../template.js'
import { isResolve, oneLine, truncate } from '../text-format.js'
import type { PagerDutyConfig } from './config.js'

/** Events API v2 severities, by Caracal severity (Panther maps them the same way). */
export const pagerDutySeverity: Record<Severity, 'info' | 'warning' | 'error' | 'critical'> = {
  INFO: 'info',
  LOW: 'info',
  MEDIUM: 'warning',
  HIGH: 'error',
  CRITICAL: 'critical',
}

const summaryMax = 1024
const dedupKeyMax = 255

/** Builds the Events API v2 event: `trigger` with a payload, or `resolve` by dedup key. */
export function pagerDutyEvent(
  notification: AlertNotification,
  config: Pick<
    PagerDutyConfig,
    'routingKey' | 'summaryTemplate' | 'source' | 'component' | 'group'
  >,
): Record<string, unknown> {
  const { alert, link } = notification
  // The alert id is stable across messages, so a resolve finds the incident its trigger opened.
  const dedupKey = truncate(alert.id, dedupKeyMax)
  if (isResolve(notification)) {
    return { routing_key: config.routingKey, event_action: 'resolve', dedup_key: dedupKey }
  }
  const summary = oneLine(
    renderTemplate(config.summaryTemplate ?? '[{{alert.severity}}] {{alert.title}}', notification),
  )
  return {
    routing_key: config.routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    client: 'Caracal',
    client_url: link,
    links: [{ href: link, text: 'Open in Caracal' }],
    payload: {
      summary: truncate(summary === '' ? alert.title : summary, summaryMax),
      source: config.source,
      severity: pagerDutySeverity[alert.severity],
      timestamp: isoTimestamp(alert),
      ...(config.component === undefined ? {} : { component: config.component }),
      ...(config.group === undefined ? {} : { group: config.group }),
      class: alert.ruleId,
      custom_details: customDetails(alert),
    },
  }
}

function customDetails(alert: Alert): Record<string, unknown> {
  return {
    alert_id: alert.id,
    rule: alert.ruleName === '' ? alert.ruleId : `${alert.ruleName} (${alert.ruleId})`,
    description: alert.description,
    runbook: alert.runbook,
    reference: alert.reference,
    event_count: alert.eventCount,
    log_types: alert.logTypes,
    first_event_time: alert.firstEventTime,
    last_event_time: alert.lastEventTime,
    context: alert.context,
  }
}

// PagerDuty wants ISO 8601; alert times are stored as `YYYY-MM-DD hh:mm:ss.sss` (UTC).
function isoTimestamp(alert: Alert): string {
  const parsed = Date.parse(alert.createdAt)
  return Number.isNaN(parsed) ? new Date().toISOString() : new Date(parsed).toISOString()
}

/** Triggers a PagerDuty incident per alert (Events API v2) and resolves it with the alert. */
export class PagerDutyDestination implements Destination {
  readonly type = 'pagerduty'

  constructor(
    readonly id: string,
    private readonly config: PagerDutyConfig,
  ) {}

  async send(notification: AlertNotification, signal: AbortSignal): Promise<void> {
    const label = `PagerDuty destination ${this.id}`
    const response = await deliverHttp({
      label,
      url: `${this.config.apiUrl.replace(/\/+$/, '')}/v2/enqueue`,
      body: pagerDutyEvent(notification, this.config),
      timeoutMs: this.config.timeoutMs,
      signal,
      secrets: [this.config.routingKey],
    })
    const answer = await readJson(label, response)
    // 202 means queued; the body says so. Anything else is a vendor change worth hearing about.
    if (!isSuccess(answer)) {
      throw new AppError('DESTINATION_REJECTED', `${label}: unexpected answer from the Events API`)
    }
  }
}

function isSuccess(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && 'status' in answer
    ? answer.status === 'success'
    : false
}
