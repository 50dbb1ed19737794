import type { Alert, AlertNotification } from '../../core/index.js'
import { defaultTemplates, renderTemplate } from './template.js'

/** Cuts `text` to at most `max` characters (code points), ending in `…` when it was longer. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  const points = Array.from(text)
  if (points.length <= max) return text
  return `${points.slice(0, Math.max(0, max - 1)).join('')}…`
}

/** Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text
  const budget = maxBytes - Buffer.byteLength('…', 'utf8')
  let used = 0
  let out = ''
  for (const point of text) {
    const size = Buffer.byteLength(point, 'utf8')
    if (used + size > budget) break
    used += size
    out += point
  }
  return `${out}…`
}

/** Escapes the three characters Slack's mrkdwn and plain text treat as markup. */
export function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

/** Backslash-escapes the characters of CommonMark/GitHub markdown, so values render verbatim. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+\-.!|~]/g, (char) => `\\${char}`)
}

/** Escapes Jira wiki markup (REST API v2 text fields): a backslash before each markup character. */
export function escapeJiraWiki(text: string): string {
  return text.replace(/[\\{}[\]*_?+^~|!#-]/g, (char) => `\\${char}`)
}

/** Removes line breaks and control characters: for subjects and one-line titles. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
}

/** The labelled facts most messages show under the title. */
export function alertFacts(alert: Alert): [label: string, value: string][] {
  return [
    ['Severity', alert.severity],
    ['Status', alert.status],
    ['Rule', alert.ruleName === '' ? alert.ruleId : `${alert.ruleName} (${alert.ruleId})`],
    ['Type', alert.type],
    ['Events', String(alert.eventCount)],
    ['Log types', alert.logTypes.join(', ')],
    ['First event', alert.firstEventTime],
    ['Last event', alert.lastEventTime],
    ['Alert ID', alert.id],
  ]
}

/** The rendered title and body templates (defaults when unset), values passed through `escape`. */
export function renderTexts(
  notification: AlertNotification,
  templates: { titleTemplate?: string | undefined; bodyTemplate?: string | undefined },
  escape?: (text: string) => string,
): { title: string; body: string } {
  const prefix = notification.kind === 'resolve' ? '[Resolved] ' : ''
  return {
    title:
      prefix +
      oneLine(
        renderTemplate(templates.titleTemplate ?? defaultTemplates.title, notification, escape),
      ),
    body: renderTemplate(templates.bodyTemplate ?? defaultTemplates.body, notification, escape),
  }
}

/** A plain-text message: body, facts, runbook and link. For email, SNS, tickets. */
export function plainTextMessage(notification: AlertNotification, body: string): string {
  const { alert } = notification
  const lines = [body.trim(), '']
  for (const [label, value] of alertFacts(alert)) lines.push(`${label}: ${value}`)
  if (alert.runbook !== '') lines.push('', `Runbook: ${alert.runbook}`)
  if (alert.reference !== '') lines.push(`Reference: ${alert.reference}`)
  lines.push('', `Open in Caracal: ${notification.link}`)
  return lines.join('\n').trim()
}

/** True when the notification says the alert was resolved or closed. */
export function isResolve(notification: AlertNotification): boolean {
  return (
    notification.kind === 'resolve' ||
    notification.alert.status === 'RESOLVED' ||
    notification.alert.status === 'CLOSED'
  )
}
