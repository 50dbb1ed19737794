import { z } from 'zod'

/** How a source is doing: what it received and the last thing that went wrong. */
export const SourceHealthInfo = z.object({
  status: z
    .enum(['ok', 'failing', 'stopped'])
    .describe('failing: the last attempt to listen, read or deliver failed; it is being retried.'),
  lastEventAt: z.string().nullable().describe('When the last record arrived (ISO-8601).'),
  eventsIn: z.number().int().describe('Records received.'),
  bytesIn: z.number().int().describe('Bytes received.'),
  batches: z.number().int().describe('Batches made durable in the lake.'),
  parseFailures: z.number().int().describe('Records that failed to parse.'),
  errors: z.number().int().describe('Errors counted (connections, reads, oversize messages…).'),
  lastError: z
    .object({ at: z.string(), code: z.string(), message: z.string() })
    .nullable()
    .describe('The latest error, or null.'),
  backpressure: z
    .object({
      active: z.boolean().describe('Ingestion is over its memory bound and answers 503 now.'),
      rejected: z.number().int().describe('Requests answered 503 + Retry-After so far.'),
      lastRejectedAt: z.string().nullable().describe('When the last one was (ISO-8601).'),
    })
    .optional()
    .describe('Push sources: backpressure (see ingest.maxInFlightBytes).'),
})
export type SourceHealthInfo = z.infer<typeof SourceHealthInfo>

/** One configured source, as `GET /v1/sources` lists it. */
export const SourceInfo = z.object({
  id: z.string(),
  type: z.string().describe('Plugin type: http, syslog, file, s3…'),
  logType: z.string(),
  label: z.string(),
  health: SourceHealthInfo.nullable(),
})
export type SourceInfo = z.infer<typeof SourceInfo>

/** The response of `GET /v1/sources`. */
export const SourceList = z.object({ sources: z.array(SourceInfo) })
export type SourceList = z.infer<typeof SourceList>
