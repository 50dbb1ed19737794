import type { AlertNotification } from '../../../core/index.js'
import { alertFacts, escapeHtml, plainTextMessage, renderTexts, truncate } from '../text-format.js'
import type { EmailConfig } from './config.js'

type Templates = Pick<EmailConfig, 'titleTemplate' | 'bodyTemplate'>

// Subjects stay on one readable line; bodies are bounded so one alert cannot make a huge mail.
const subjectMax = 200
const bodyMax = 100_000

/** Subject, plain text and HTML of the mail about one alert. */
export function emailContent(
  notification: AlertNotification,
  templates: Templates,
): { subject: string; text: string; html: string } {
  const plain = renderTexts(notification, templates)
  const subject = truncate(`[${notification.alert.severity}] ${plain.title}`, subjectMax)
  return {
    subject,
    text: plainTextMessage(notification, truncate(plain.body, bodyMax)),
    html: htmlMessage(notification, templates),
  }
}

// Every alert value is HTML-escaped; the template's own text is escaped too, because a mail
// client is no place to trust markup assembled from log data.
function htmlMessage(notification: AlertNotification, templates: Templates): string {
  const { alert, link } = notification
  const texts = renderTexts(notification, templates)
  const paragraph = (text: string) => escapeHtml(text).replaceAll('\n', '<br>')
  const rows = alertFacts(alert)
    .filter(([, value]) => value !== '')
    .map(
      ([label, value]) =>
        `<tr><th align="left" style="padding:2px 12px 2px 0">${label}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('')
  const runbook =
    alert.runbook === '' ? '' : `<p><strong>Runbook:</strong> ${paragraph(alert.runbook)}</p>`
  return [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<h2>${escapeHtml(texts.title)}</h2>`,
    `<p>${paragraph(truncate(texts.body.trim(), bodyMax))}</p>`,
    `<table>${rows}</table>`,
    runbook,
    `<p><a href="${escapeHtml(link)}">Open in Caracal</a></p>`,
    '</body></html>',
  ].join('')
}
