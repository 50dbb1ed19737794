import type { AlertNotification, Destination } from '../../../core/index.js'
import { deliverHttp, parseRetryAfter } from '../http-delivery.js'
import { alertFacts, escapeMarkdown, isResolve, renderTexts, truncate } from '../text-format.js'
import type { GithubConfig } from './config.js'

// GitHub refuses issue bodies over 65 536 characters; titles are kept to one readable line.
const titleMax = 256
const bodyMax = 65_536

/** The Create Issue request body: title, markdown body with the facts table and link, labels. */
export function githubIssue(
  notification: AlertNotification,
  config: Pick<GithubConfig, 'labels' | 'assignees' | 'titleTemplate' | 'bodyTemplate'>,
): Record<string, unknown> {
  const { alert, link } = notification
  // The title is plain text; the body is markdown, so alert values are escaped there.
  const title = renderTexts(notification, config).title
  const body = renderTexts(notification, config, escapeMarkdown).body.trim()
  const rows = alertFacts(alert)
    .filter(([, value]) => value !== '')
    .map(([label, value]) => `| ${label} | ${escapeMarkdown(value)} |`)
  const parts = [body, '', '| | |', '| --- | --- |', ...rows]
  if (alert.runbook !== '') parts.push('', `**Runbook:** ${escapeMarkdown(alert.runbook)}`)
  const linkLine = `[Open in Caracal](${link})`
  const text = truncate(parts.join('\n').trim(), bodyMax - linkLine.length - 2)
  return {
    title: truncate(title, titleMax),
    body: `${text}\n\n${linkLine}`,
    ...(config.labels === undefined ? {} : { labels: config.labels }),
    ...(config.assignees === undefined ? {} : { assignees: config.assignees }),
  }
}

/** Rate limits come as 403 or 429 with `x-ratelimit-remaining: 0` or a `retry-after`. */
export function githubRateLimit(response: Response): { retryAfterMs?: number } | undefined {
  if (response.status !== 403 && response.status !== 429) return undefined
  const now = Date.now()
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'), now)
  if (retryAfter !== undefined) return { retryAfterMs: retryAfter }
  if (response.headers.get('x-ratelimit-remaining') !== '0') return undefined
  const reset = Number(response.headers.get('x-ratelimit-reset'))
  return Number.isFinite(reset) && reset > 0
    ? { retryAfterMs: Math.max(0, reset * 1000 - now) }
    : {}
}

/** Opens a GitHub issue per alert through the REST API. */
export class GithubDestination implements Destination {
  readonly type = 'github'

  constructor(
    readonly id: string,
    private readonly config: GithubConfig,
  ) {}

  async send(notification: AlertNotification, signal: AbortSignal): Promise<void> {
    // An issue stays open until a person closes it: a resolve must not open a second one.
    if (isResolve(notification)) return
    const base = this.config.apiUrl.replace(/\/+$/, '')
    const response = await deliverHttp({
      label: `GitHub destination ${this.id}`,
      url: `${base}/repos/${this.config.repository}/issues`,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${this.config.token}`,
        'x-github-api-version': '2022-11-28',
      },
      body: githubIssue(notification, this.config),
      timeoutMs: this.config.timeoutMs,
      signal,
      secrets: [this.config.token],
      transient: githubRateLimit,
    })
    await response.body?.cancel()
  }
}
