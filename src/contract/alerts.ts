import { z } from 'zod'
import { AlertStatus, AlertType, Severity } from './enums.js'

/** An alert as the API returns it. */
export const Alert = z.object({
  id: z.string(),
  type: AlertType,
  ruleId: z.string(),
  ruleVersion: z.string(),
  ruleName: z.string(),
  dedup: z.string(),
  title: z.string(),
  description: z.string(),
  reference: z.string(),
  runbook: z.string(),
  severity: Severity,
  status: AlertStatus,
  assignee: z.string().nullable().describe('Who is working on it (an API token name).'),
  destinations: z.array(z.string()),
  logTypes: z.array(z.string()),
  eventCount: z.number().int(),
  firstEventTime: z.string(),
  lastEventTime: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  context: z.record(z.string(), z.unknown()),
})
export type Alert = z.infer<typeof Alert>

/** Query string of `GET /v1/alerts`. */
export const ListAlertsQuery = z.object({
  status: AlertStatus.optional().describe('Only alerts in this status.'),
  severity: Severity.optional().describe('Only alerts of this severity.'),
  ruleId: z.string().optional().describe('Only alerts of this detection.'),
  type: AlertType.optional().describe('Only alerts of this type.'),
  assignee: z.string().optional().describe('Only alerts assigned to this name.'),
  logType: z.string().optional().describe('Only alerts with events of this log type.'),
  text: z.string().min(1).max(200).optional().describe('Only alerts whose title contains this.'),
  createdAfter: z.iso.datetime().optional().describe('Only alerts created at or after this time.'),
  createdBefore: z.iso.datetime().optional().describe('Only alerts created before this time.'),
  minEvents: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Only alerts with at least this many events.'),
  sort: z
    .enum(['created', 'updated'])
    .optional()
    .describe('Newest first by creation (default) or by last change (new events, triage).'),
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Page size.'),
  cursor: z.string().optional().describe('The `nextCursor` of the previous page.'),
})
export type ListAlertsQuery = z.infer<typeof ListAlertsQuery>

export const AlertPage = z.object({
  alerts: z.array(Alert),
  nextCursor: z.string().nullable(),
})
export type AlertPage = z.infer<typeof AlertPage>

/** Body of `PATCH /v1/alerts`: a change applied to many alerts at once. */
export const UpdateAlerts = z
  .object({
    ids: z.array(z.string()).min(1).max(1000).describe('Alerts to change.'),
    status: AlertStatus.optional().describe('New status.'),
    assignee: z.string().min(1).max(200).nullable().optional().describe('Assign (null unassigns).'),
  })
  .refine((b) => b.status !== undefined || b.assignee !== undefined, {
    error: 'Give a status or an assignee to change',
  })
export type UpdateAlerts = z.infer<typeof UpdateAlerts>

/** Body of `POST /v1/alerts/:id/comments`. */
export const AddComment = z.object({ text: z.string().min(1).max(10_000) })

/** One entry of an alert's timeline. */
export const AlertActivity = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.enum(['opened', 'status', 'assign', 'comment', 'resend']),
  detail: z.record(z.string(), z.unknown()),
})
export type AlertActivity = z.infer<typeof AlertActivity>

/** One delivery of an alert to one destination, with every attempt. */
export const AlertDelivery = z.object({
  destinationId: z.string(),
  kind: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.array(
    z.object({ at: z.string(), outcome: z.string(), message: z.string().nullable() }),
  ),
  nextAttemptAt: z.string().nullable(),
})
export type AlertDelivery = z.infer<typeof AlertDelivery>

/** Body of `POST /v1/alerts/:id/resend`. */
export const ResendAlert = z.object({
  destinations: z.array(z.string()).min(1).optional().describe("Default: the alert's own."),
})
