import type { AlertNotification, Destination } from '../../../core/index.js'
import { deliverHttp } from '../http-delivery.js'
import { alertFacts, escapeMarkdown, renderTexts, truncate } from '../text-format.js'
import type { TeamsConfig } from './config.js'

// Teams refuses messages over about 28 KB: keep the free texts well below that.
const titleMax = 500
const bodyMax = 12_000
const factMax = 1000

/** The Workflows webhook body: a `message` with one Adaptive Card attachment. */
export function teamsMessage(
  notification: AlertNotification,
  templates: Pick<TeamsConfig, 'titleTemplate' | 'bodyTemplate'>,
): Record<string, unknown> {
  const { alert, link } = notification
  // TextBlocks render a markdown subset: values are escaped so log data cannot add links.
  const texts = renderTexts(notification, templates, escapeMarkdown)
  const urgent = alert.severity === 'CRITICAL' || alert.severity === 'HIGH'
  const body: Record<string, unknown>[] = [
    {
      type: 'TextBlock',
      text: truncate(texts.title, titleMax),
      size: 'Large',
      weight: 'Bolder',
      wrap: true,
      ...(urgent ? { color: 'Attention' } : {}),
    },
  ]
  if (texts.body.trim() !== '') {
    body.push({ type: 'TextBlock', text: truncate(texts.body, bodyMax), wrap: true })
  }
  body.push({
    type: 'FactSet',
    facts: alertFacts(alert)
      .filter(([, value]) => value !== '')
      .map(([title, value]) => ({ title, value: truncate(escapeMarkdown(value), factMax) })),
  })
  if (alert.runbook !== '') {
    body.push({
      type: 'TextBlock',
      text: truncate(`**Runbook:** ${escapeMarkdown(alert.runbook)}`, bodyMax / 4),
      wrap: true,
    })
  }
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          actions: [{ type: 'Action.OpenUrl', title: 'Open in Caracal', url: link }],
        },
      },
    ],
  }
}

/** Posts each alert as an Adaptive Card to a Microsoft Teams Workflows webhook. */
export class TeamsDestination implements Destination {
  readonly type = 'teams'

  constructor(
    readonly id: string,
    private readonly config: TeamsConfig,
  ) {}

  async send(notification: AlertNotification, signal: AbortSignal): Promise<void> {
    const url = new URL(this.config.webhookUrl)
    const response = await deliverHttp({
      label: `Teams destination ${this.id}`,
      url: this.config.webhookUrl,
      body: teamsMessage(notification, this.config),
      timeoutMs: this.config.timeoutMs,
      signal,
      // The signature (`sig`) in the query string is what authorizes the post.
      secrets: [
        this.config.webhookUrl,
        url.search.slice(1),
        url.searchParams.get('sig') ?? undefined,
      ],
    })
    await response.body?.cancel()
  }
}
