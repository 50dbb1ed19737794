import { z } from 'zod'
import type { AlertNotification } from '../../core/index.js'

// Why not a template library: none is installed, and a template must never run code. This one
// only looks values up by path: `{{alert.title}}`, `{{alert.context.ip}}`, `{{link}}`.
const placeholder = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g

const alertFields = [
  'id',
  'type',
  'ruleId',
  'ruleVersion',
  'ruleName',
  'dedup',
  'title',
  'description',
  'reference',
  'runbook',
  'severity',
  'status',
  'destinations',
  'logTypes',
  'eventCount',
  'firstEventTime',
  'lastEventTime',
  'createdAt',
  'updatedAt',
  'context',
] as const

/** The placeholder syntax, quoted in every template field's description. */
export const templateSyntax =
  'Placeholders `{{alert.<field>}}` (id, title, severity, status, ruleId, ruleName, description, ' +
  'runbook, reference, eventCount, logTypes, firstEventTime, lastEventTime, createdAt, ' +
  '`context.<key>`…), `{{link}}` (the alert in Caracal) and `{{kind}}` (trigger or resolve) are ' +
  'replaced by values, escaped for the destination; nothing else is evaluated.'

/** A template string; rejects placeholders that name nothing an alert has. */
export function templateString(what: string) {
  return z
    .string()
    .min(1)
    .max(20_000)
    .superRefine((template, ctx) => {
      for (const path of placeholderPaths(template)) {
        if (!isKnownPath(path)) {
          ctx.addIssue({ code: 'custom', message: `unknown placeholder {{${path}}}` })
        }
      }
    })
    .optional()
    .describe(`${what} ${templateSyntax}`)
}

/** The `titleTemplate` and `bodyTemplate` keys most destinations share. */
export const templateFields = {
  titleTemplate: templateString(
    'Title (subject, summary) of each message. Default: the alert title.',
  ),
  bodyTemplate: templateString('Main text of each message. Default: the alert description.'),
}

/** Default templates, used when the config sets none. */
export const defaultTemplates = {
  title: '{{alert.title}}',
  body: '{{alert.description}}',
} as const

/**
 * Replaces each `{{path}}` in `template` by its value in the notification, passed through
 * `escape` (the destination's markup escaping). Unknown paths render as an empty string.
 */
export function renderTemplate(
  template: string,
  notification: AlertNotification,
  escape: (text: string) => string = (text) => text,
): string {
  const scope: Record<string, unknown> = {
    alert: notification.alert,
    link: notification.link,
    kind: notification.kind ?? 'trigger',
  }
  return template.replace(placeholder, (_match, path: string) =>
    escape(formatValue(lookup(scope, path.split('.')))),
  )
}

function placeholderPaths(template: string): string[] {
  return [...template.matchAll(placeholder)].map((match) => match[1] ?? '')
}

function isKnownPath(path: string): boolean {
  if (path === 'link' || path === 'kind' || path === 'alert') return true
  const [root, field, ...rest] = path.split('.')
  if (root !== 'alert' || field === undefined) return false
  if (!(alertFields as readonly string[]).includes(field)) return false
  return rest.length === 0 || field === 'context'
}

// Own properties only: `{{alert.constructor}}` or `__proto__` must not reach the prototype.
function lookup(scope: unknown, path: readonly string[]): unknown {
  let value = scope
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

function formatValue(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return value.join(', ')
  }
  return JSON.stringify(value)
}
