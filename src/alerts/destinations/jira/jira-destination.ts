import type { AlertNotification, Destination } from '../../../core/index.js'
import { deliverHttp } from '../http-delivery.js'
import { isResolve, renderTexts, truncate } from '../text-format.js'
import type { JiraConfig } from './config.js'
import { adfDescription, wikiDescription } from './jira-description.js'

const summaryMax = 255

/** The Create Issue request body (`fields`), for API v3 (ADF) or v2 (wiki markup). */
export function jiraIssue(
  notification: AlertNotification,
  config: JiraConfig,
): Record<string, unknown> {
  const { alert } = notification
  const labels = [
    ...new Set(['caracal', `severity-${alert.severity.toLowerCase()}`, ...(config.labels ?? [])]),
  ]
  const priority = config.priorities?.[alert.severity]
  return {
    fields: {
      project: { key: config.projectKey },
      issuetype: { name: config.issueType },
      summary: truncate(renderTexts(notification, config).title, summaryMax),
      description:
        config.apiVersion === '3'
          ? adfDescription(notification, config)
          : wikiDescription(notification, config),
      labels,
      ...(priority === undefined ? {} : { priority: { name: priority } }),
    },
  }
}

/** Opens a Jira issue per alert (REST API v3 or v2, basic auth with an API token). */
export class JiraDestination implements Destination {
  readonly type = 'jira'

  constructor(
    readonly id: string,
    private readonly config: JiraConfig,
  ) {}

  async send(notification: AlertNotification, signal: AbortSignal): Promise<void> {
    // A ticket stays open until a person closes it: a resolve must not open a second one.
    if (isResolve(notification)) return
    const credentials = Buffer.from(`${this.config.email}:${this.config.apiToken}`).toString(
      'base64',
    )
    const base = this.config.baseUrl.replace(/\/+$/, '')
    const response = await deliverHttp({
      label: `Jira destination ${this.id}`,
      url: `${base}/rest/api/${this.config.apiVersion}/issue`,
      headers: { authorization: `Basic ${credentials}` },
      body: jiraIssue(notification, this.config),
      timeoutMs: this.config.timeoutMs,
      signal,
      secrets: [this.config.apiToken, credentials],
    })
    await response.body?.cancel()
  }
}
