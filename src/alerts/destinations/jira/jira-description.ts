import type { AlertNotification } from '../../../core/index.js'
import { alertFacts, escapeJiraWiki, renderTexts, truncate } from '../text-format.js'
import type { JiraConfig } from './config.js'

type Templates = Pick<JiraConfig, 'titleTemplate' | 'bodyTemplate'>
type AdfNode = Record<string, unknown>

// Jira text fields hold at most 32 767 characters.
const descriptionMax = 32_767

/** The description in Atlassian Document Format (REST v3): paragraphs, facts, runbook, link. */
export function adfDescription(notification: AlertNotification, templates: Templates): AdfNode {
  const { alert, link } = notification
  // ADF is structured JSON: values need no escaping, only a budget.
  const body = truncate(renderTexts(notification, templates).body, descriptionMax / 2)
  const content: AdfNode[] = body
    .split(/\n{2,}/)
    .filter((part) => part.trim() !== '')
    .map((part) => ({ type: 'paragraph', content: withBreaks(part) }))
  content.push({
    type: 'bulletList',
    content: alertFacts(alert)
      .filter(([, value]) => value !== '')
      .map(([label, value]) => ({
        type: 'listItem',
        content: [
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: `${label}: `, marks: [{ type: 'strong' }] },
              { type: 'text', text: truncate(value, 1000) },
            ],
          },
        ],
      })),
  })
  if (alert.runbook !== '') {
    content.push({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Runbook: ', marks: [{ type: 'strong' }] },
        ...withBreaks(truncate(alert.runbook, 4000)),
      ],
    })
  }
  content.push({
    type: 'paragraph',
    content: [
      { type: 'text', text: 'Open in Caracal', marks: [{ type: 'link', attrs: { href: link } }] },
    ],
  })
  return { type: 'doc', version: 1, content }
}

// ADF text nodes may not be empty and hold no newlines: lines are joined by hardBreak nodes.
function withBreaks(text: string): AdfNode[] {
  const nodes: AdfNode[] = []
  for (const line of text.split('\n')) {
    if (nodes.length > 0) nodes.push({ type: 'hardBreak' })
    if (line !== '') nodes.push({ type: 'text', text: line })
  }
  return nodes.length === 0 ? [{ type: 'text', text: ' ' }] : nodes
}

/** The description in Jira wiki markup (REST v2), alert values escaped. */
export function wikiDescription(notification: AlertNotification, templates: Templates): string {
  const { alert, link } = notification
  const lines = [renderTexts(notification, templates, escapeJiraWiki).body.trim(), '']
  for (const [label, value] of alertFacts(alert)) {
    if (value !== '') lines.push(`* *${label}:* ${escapeJiraWiki(value)}`)
  }
  if (alert.runbook !== '') lines.push('', `*Runbook:* ${escapeJiraWiki(alert.runbook)}`)
  lines.push('', `[Open in Caracal|${link}]`)
  return truncate(lines.join('\n').trim(), descriptionMax)
}
