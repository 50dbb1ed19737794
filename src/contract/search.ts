import { z } from 'zod'

/** Query string of `GET /v1/search`. */
export const SearchQuery = z.object({
  value: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .describe('Values to find (repeat the parameter for several); `kind:value` forces a kind.'),
  since: z.string().default('7d').describe('How far back: 7d, 24h, 30 min, 2 weeks …'),
  limit: z.coerce
    .number()
    .int()
    .min(0)
    .max(10_000)
    .default(100)
    .describe('Events returned at most; 0 returns only the counts per log type, which is faster.'),
})

/** What `GET /v1/search` returns. */
export const SearchResult = z.object({
  indicators: z.array(z.object({ value: z.string(), kind: z.string() })),
  counts: z.array(z.object({ logType: z.string(), count: z.number().int() })),
  events: z.array(z.record(z.string(), z.unknown())),
})
export type SearchResult = z.infer<typeof SearchResult>
