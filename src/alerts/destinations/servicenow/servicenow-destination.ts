import type { Severity } from '../../../contract/index.js'
import type { AlertNotification, Destination } from '../../../core/index.js'
import { deliverHttp } from '../http-delivery.js'
import { isResolve, plainTextMessage, renderTexts, truncate } from '../text-format.js'
import type { ServiceNowConfig } from './config.js'

/**
 * Impact and urgency per severity (1 high … 3 low). ServiceNow derives the priority from the
 * pair: CRITICAL → P1 critical, HIGH → P2, MEDIUM → P3, LOW → P4, INFO → P5 planning.
 */
export const serviceNowImpactUrgency: Record<Severity, { impact: string; urgency: string }> = {
  CRITICAL: { impact: '1', urgency: '1' },
  HIGH: { impact: '1', urgency: '2' },
  MEDIUM: { impact: '2', urgency: '2' },
  LOW: { impact: '2', urgency: '3' },
  INFO: { impact: '3', urgency: '3' },
}

// Default column sizes of the incident table.
const shortDescriptionMax = 160
const descriptionMax = 4000
const correlationIdMax = 100

/** The Table API record: short description, description with the link, impact, urgency. */
export function serviceNowIncident(
  notification: AlertNotification,
  config: Pick<
    ServiceNowConfig,
    'assignmentGroup' | 'callerId' | 'category' | 'titleTemplate' | 'bodyTemplate'
  >,
): Record<string, string> {
  const { alert } = notification
  const texts = renderTexts(notification, config)
  // Plain text fields: ServiceNow shows them verbatim, so nothing is escaped.
  return {
    short_description: truncate(texts.title, shortDescriptionMax),
    description: truncate(plainTextMessage(notification, texts.body), descriptionMax),
    ...serviceNowImpactUrgency[alert.severity],
    correlation_id: truncate(alert.id, correlationIdMax),
    correlation_display: 'Caracal',
    ...(config.assignmentGroup === undefined ? {} : { assignment_group: config.assignmentGroup }),
    ...(config.callerId === undefined ? {} : { caller_id: config.callerId }),
    ...(config.category === undefined ? {} : { category: config.category }),
  }
}

/** Creates a ServiceNow incident per alert through the Table API. */
export class ServiceNowDestination implements Destination {
  readonly type = 'servicenow'

  constructor(
    readonly id: string,
    private readonly config: ServiceNowConfig,
  ) {}

  async send(notification: AlertNotification, signal: AbortSignal): Promise<void> {
    // An incident is closed by its assignee: a resolve must not open a second one.
    if (isResolve(notification)) return
    const credentials = Buffer.from(`${this.config.username}:${this.config.password}`).toString(
      'base64',
    )
    const base = this.config.instanceUrl.replace(/\/+$/, '')
    const response = await deliverHttp({
      label: `ServiceNow destination ${this.id}`,
      url: `${base}/api/now/table/${this.config.table}`,
      headers: { authorization: `Basic ${credentials}` },
      body: serviceNowIncident(notification, this.config),
      timeoutMs: this.config.timeoutMs,
      signal,
      secrets: [this.config.password, credentials],
    })
    await response.body?.cancel()
  }
}
