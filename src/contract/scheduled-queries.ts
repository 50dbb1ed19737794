import { z } from 'zod'

/** One run of a scheduled query. */
export const ScheduledRun = z.object({
  id: z.string(),
  queryName: z.string(),
  trigger: z.enum(['schedule', 'manual']).describe('Started by its schedule, or by run-now.'),
  status: z.enum(['running', 'succeeded', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  rows: z.number().int().nullable().describe('Rows the query returned.'),
  matches: z.number().int().nullable().describe('Scheduled rule matches over those rows.'),
  alertsOpened: z.number().int().nullable(),
  error: z.string().nullable().describe('Why the run failed.'),
})
export type ScheduledRun = z.infer<typeof ScheduledRun>

/** A scheduled query (Panther `scheduled_query`) with the rules that read its rows. */
export const ScheduledQueryView = z.object({
  name: z.string(),
  description: z.string(),
  sql: z.string(),
  enabled: z.boolean(),
  cron: z.string().nullable().describe('Cron expression, UTC.'),
  rateMinutes: z.number().int().nullable(),
  timeoutMinutes: z.number().int(),
  rules: z.array(z.string()).describe('Scheduled rules that name this query.'),
  nextRunAt: z.string().nullable(),
  lastRun: ScheduledRun.nullable(),
})
export type ScheduledQueryView = z.infer<typeof ScheduledQueryView>

/** Query string of `GET /v1/scheduled-queries/:name/runs`. */
export const ListScheduledRuns = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50).describe('Newest runs returned.'),
})
