import type { AlertNotification, Destination } from '../../../core/index.js'
import { deliverHttp } from '../http-delivery.js'
import { alertFacts, escapeSlack, renderTexts, truncate } from '../text-format.js'
import type { SlackConfig } from './config.js'

// Block Kit limits: header text 150, text objects 3000, section fields 10 of 2000, button 75.
const headerMax = 150
const textMax = 3000
const fieldMax = 2000
const fallbackMax = 3000

/** The JSON body of an incoming-webhook message: fallback `text` plus Block Kit `blocks`. */
export interface SlackMessage {
  text: string
  blocks: Record<string, unknown>[]
}

/** Builds the Slack message: header, body (mrkdwn), facts as fields, a button to Caracal. */
export function slackMessage(
  notification: AlertNotification,
  templates: Pick<SlackConfig, 'titleTemplate' | 'bodyTemplate'>,
): SlackMessage {
  const { alert, link } = notification
  // The header is plain_text (no markup); the body is mrkdwn, so its values are escaped.
  const plain = renderTexts(notification, templates)
  const marked = renderTexts(notification, templates, escapeSlack)
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(plain.title, headerMax) } },
  ]
  if (marked.body.trim() !== '') {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(marked.body, textMax) } })
  }
  blocks.push({
    type: 'section',
    fields: alertFacts(alert)
      .filter(([, value]) => value !== '')
      .slice(0, 10)
      .map(([label, value]) => ({
        type: 'mrkdwn',
        text: truncate(`*${label}*\n${escapeSlack(value)}`, fieldMax),
      })),
  })
  if (alert.runbook !== '') {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`*Runbook*\n${escapeSlack(alert.runbook)}`, textMax) },
    })
  }
  blocks.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        text: { type: 'plain_text', text: 'Open in Caracal' },
        url: link,
        ...(alert.severity === 'CRITICAL' || alert.severity === 'HIGH' ? { style: 'danger' } : {}),
      },
    ],
  })
  // `text` is the notification and screen-reader fallback; it is mrkdwn too.
  const text = truncate(
    `[${alert.severity}] ${marked.title} <${escapeSlack(link)}|Open>`,
    fallbackMax,
  )
  return { text, blocks }
}

/** Posts each alert to a Slack channel through an incoming webhook, as Block Kit. */
export class SlackDestination implements Destination {
  readonly type = 'slack'

  constructor(
    readonly id: string,
    private readonly config: SlackConfig,
  ) {}

  async send(notification: AlertNotification, signal: AbortSignal): Promise<void> {
    const response = await deliverHttp({
      label: `Slack destination ${this.id}`,
      url: this.config.webhookUrl,
      body: slackMessage(notification, this.config),
      timeoutMs: this.config.timeoutMs,
      signal,
      secrets: [this.config.webhookUrl, new URL(this.config.webhookUrl).pathname],
    })
    await response.body?.cancel()
  }
}
