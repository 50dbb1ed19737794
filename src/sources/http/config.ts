import { z } from 'zod'

/** Config of an HTTP push source (`POST /v1/ingest/<id>`). */
export const httpSourceConfig = z.strictObject({
  type: z.literal('http'),
  logType: z
    .string()
    .describe('Log type of every record sent to this source, e.g. AWS.CloudTrail.'),
  candidates: z
    .array(z.string())
    .optional()
    .describe(
      'More log types to try per record when it is not the main one (Panther-style classification).',
    ),
  maxRecordBytes: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Longest record in bytes; longer ones are kept as failures (default 4 MiB).'),
  label: z.string().optional().describe('Human name stored in p_source_label (default: the id).'),
  token: z
    .string()
    .min(16, 'use at least 16 characters')
    .optional()
    .describe('Bearer token senders may use instead of an API token (a secret: use ${ENV_VAR}).'),
})
export type HttpSourceConfig = z.infer<typeof httpSourceConfig>
