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
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Page size.'),
  cursor: z.string().optional().describe('The `nextCursor` of the previous page.'),
})
export type ListAlertsQuery = z.infer<typeof ListAlertsQuery>

export const AlertPage = z.object({
  alerts: z.array(Alert),
  nextCursor: z.string().nullable(),
})
export type AlertPage = z.infer<typeof AlertPage>
