import { z } from 'zod'

/** What `POST /v1/ingest/:source` and `caracal ingest` report for one batch. */
export const IngestReport = z.object({
  batchId: z.string(),
  received: z.number().int().describe('Records received (lines or array elements).'),
  parsed: z.number().int().describe('Events produced (an envelope may hold many).'),
  failed: z
    .number()
    .int()
    .describe('Records that could not be parsed; kept in the lake with their reason.'),
  matches: z.number().int().describe('Rule matches.'),
  ruleErrors: z.number().int().describe('Detections that raised or timed out on an event.'),
  alertsOpened: z.number().int().describe('New alerts created by this batch.'),
})
export type IngestReport = z.infer<typeof IngestReport>

/** A record that failed to parse, as `GET /v1/ingest/failures` lists it. */
export const ParseFailureRecord = z.object({
  sourceId: z.string(),
  logType: z.string(),
  raw: z.string(),
  reason: z.string(),
  receivedAt: z.string(),
})
export type ParseFailureRecord = z.infer<typeof ParseFailureRecord>
