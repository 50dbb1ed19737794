import { z } from 'zod'

/** A destination as the API shows it: secret values masked as `********`. */
export const DestinationView = z.object({
  id: z.string(),
  type: z.string(),
  origin: z
    .enum(['config', 'api'])
    .describe('config: from caracal.yml (read-only); api: stored, secrets sealed.'),
  config: z.record(z.string(), z.unknown()),
  createdBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
})
export type DestinationView = z.infer<typeof DestinationView>

/** Body of `POST /v1/destinations`: `type` and that plugin's config (see docs/destinations.md). */
export const CreateDestination = z.looseObject({
  id: z.string().regex(/^[a-z0-9_-]+$/i, 'ids use letters, digits, _ and -'),
  type: z.string().describe('Destination type: slack, pagerduty, webhook, …'),
})

/** Body of `PUT /v1/destinations/:id`; a secret sent back as `********` keeps the stored one. */
export const UpdateDestination = z.looseObject({ type: z.string() })
