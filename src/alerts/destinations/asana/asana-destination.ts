import type { AlertNotification, Destination } from '../../../core/index.js'
import { deliverHttp } from '../http-delivery.js'
import { alertFacts, escapeHtml, isResolve, renderTexts, truncate } from '../text-format.js'
import type { AsanaConfig } from './config.js'

const nameMax = 1024
const notesMax = 60_000

/** The Create Task body: `{ data: { name, html_notes, projects, assignee } }`. */
export function asanaTask(
  notification: AlertNotification,
  config: Pick<AsanaConfig, 'projects' | 'assignee' | 'titleTemplate' | 'bodyTemplate'>,
): Record<string, unknown> {
  return {
    data: {
      name: truncate(renderTexts(notification, config).title, nameMax),
      html_notes: htmlNotes(notification, config),
      projects: config.projects,
      ...(config.assignee === undefined ? {} : { assignee: config.assignee }),
    },
  }
}

// Asana rich text is XML in a <body> element, with a small tag set: every value is escaped,
// and truncation happens before markup is added so no tag is ever cut.
function htmlNotes(
  notification: AlertNotification,
  templates: Pick<AsanaConfig, 'titleTemplate' | 'bodyTemplate'>,
): string {
  const { alert, link } = notification
  const body = escapeHtml(truncate(renderTexts(notification, templates).body.trim(), notesMax))
  const facts = alertFacts(alert)
    .filter(([, value]) => value !== '')
    .map(
      ([label, value]) =>
        `<li><strong>${label}:</strong> ${escapeHtml(truncate(value, 1000))}</li>`,
    )
    .join('')
  const runbook =
    alert.runbook === ''
      ? ''
      : `<strong>Runbook:</strong> ${escapeHtml(truncate(alert.runbook, 4000))}\n`
  return `<body>${body}\n<ul>${facts}</ul>${runbook}<a href="${escapeHtml(link)}">Open in Caracal</a></body>`
}

/** Creates an Asana task per alert. */
export class AsanaDestination implements Destination {
  readonly type = 'asana'

  constructor(
    readonly id: string,
    private readonly config: AsanaConfig,
  ) {}

  async send(notification: AlertNotification, signal: AbortSignal): Promise<void> {
    // A task stays open until a person completes it: a resolve must not create a second one.
    if (isResolve(notification)) return
    const response = await deliverHttp({
      label: `Asana destination ${this.id}`,
      url: `${this.config.apiUrl.replace(/\/+$/, '')}/tasks`,
      headers: { authorization: `Bearer ${this.config.token}` },
      body: asanaTask(notification, this.config),
      timeoutMs: this.config.timeoutMs,
      signal,
      secrets: [this.config.token],
    })
    await response.body?.cancel()
  }
}
