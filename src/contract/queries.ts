import { z } from 'zod'

/** Body of `POST /v1/queries`. */
export const SubmitQuery = z.object({
  sql: z.string().min(1).max(100_000).describe('One SELECT over the lake; Panther macros allowed.'),
  timeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(3600)
    .optional()
    .describe('Stop the query after this long (default 60).'),
})
export type SubmitQuery = z.infer<typeof SubmitQuery>

/** A query's state. */
export const QueryState = z.enum(['running', 'succeeded', 'failed', 'cancelled'])
export type QueryState = z.infer<typeof QueryState>

/** A query as `POST`/`GET /v1/queries/:id` report it. */
export const QueryStatus = z.object({
  id: z.string(),
  sql: z.string(),
  state: QueryState,
  submittedAt: z.string(),
  finishedAt: z.string().nullable(),
  elapsedMs: z.number().int().nullable(),
  rowCount: z.number().int().nullable(),
  truncated: z.boolean().describe('True when the result was cut at the row limit.'),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
})
export type QueryStatus = z.infer<typeof QueryStatus>

/** Query string of `GET /v1/queries/:id/results`. */
export const QueryResultsQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
})

/** One page of a finished query's rows. */
export const QueryResultsPage = z.object({
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  rows: z.array(z.record(z.string(), z.unknown())),
  offset: z.number().int(),
  total: z.number().int(),
  truncated: z.boolean(),
})
export type QueryResultsPage = z.infer<typeof QueryResultsPage>
