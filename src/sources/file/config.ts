import { z } from 'zod'

/** Config of a source that follows growing files, like `tail -F`. */
export const fileSourceConfig = z.strictObject({
  type: z.literal('file'),
  logType: z.string().describe('Log type of every line, e.g. Zeek.Conn or Syslog.RFC3164.'),
  candidates: z
    .array(z.string())
    .optional()
    .describe(
      'More log types a line may be: each line is parsed by the first that accepts it, ' +
        'Panther-style (the one that last succeeded is tried first); lines none accepts are ' +
        'kept as failures of logType.',
    ),
  label: z.string().optional().describe('Human name stored in p_source_label (default: the id).'),
  paths: z
    .array(z.string().min(1))
    .min(1)
    .describe(
      'Files to follow, as paths or globs (`*`, `?`, `[abc]`, `{a,b}`, `**` for any depth), ' +
        'e.g. /var/log/nginx/*.log. Files that appear later are picked up.',
    ),
  startAt: z
    .enum(['beginning', 'end'])
    .default('beginning')
    .describe(
      'Where to start in a file found at the first start with no stored offset: its beginning ' +
        'or its end (new lines only). Files that appear later are always read whole.',
    ),
  pollIntervalMs: z
    .number()
    .int()
    .min(50)
    .default(1000)
    .describe('How often files are checked when no change notification arrived.'),
  batchSize: z.number().int().min(1).default(1000).describe('Lines per batch.'),
  maxLineBytes: z
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024)
    .describe('Longest line accepted; longer ones are skipped and counted as errors.'),
})
/** The validated config of a file source. */
export type FileSourceConfig = z.infer<typeof fileSourceConfig>
