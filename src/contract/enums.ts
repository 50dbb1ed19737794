import { z } from 'zod'

/** Alert and detection severities, lowest first (Panther's scale). */
export const severities = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const
export const Severity = z.enum(severities)
export type Severity = z.infer<typeof Severity>

/** Triage states of an alert. */
export const AlertStatus = z.enum(['OPEN', 'TRIAGED', 'CLOSED', 'RESOLVED'])
export type AlertStatus = z.infer<typeof AlertStatus>

/** What produced an alert. */
export const AlertType = z.enum(['RULE', 'RULE_ERROR', 'POLICY', 'SCHEDULED_RULE'])
export type AlertType = z.infer<typeof AlertType>
