import { z } from 'zod'

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])

/** A source entry: `type` picks the plugin; the rest is checked by that plugin's own schema. */
const component = z.looseObject({ type: z.string().describe('Plugin type, e.g. `http`.') })

/** The whole `caracal.yml`. Every key has a default, so an empty file (or none) is a valid config. */
export const configSchema = z.strictObject({
  data: z.string().default('./caracal-data').describe('Data directory: metadata store and lake.'),
  cacheDir: z
    .string()
    .optional()
    .describe(
      'Cache folder, e.g. for bundled detections (default $XDG_CACHE_HOME/caracal or ' +
        '~/.cache/caracal; `off` disables it). Only saves time: it may be deleted at any time.',
    ),
  server: z
    .strictObject({
      host: z.string().default('127.0.0.1').describe('Address the HTTP API listens on.'),
      port: z.number().int().min(0).max(65535).default(8080).describe('Port of the HTTP API.'),
      publicUrl: z
        .url()
        .optional()
        .describe(
          'Base URL users reach Caracal at, used in alert links (default http://host:port).',
        ),
      maxBodyBytes: z
        .number()
        .int()
        .positive()
        .default(10 * 1024 * 1024)
        .describe('Largest accepted request body, after decompression.'),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: logLevel
        .optional()
        .describe('Log level (default: info for `serve`, warn for other commands).'),
    })
    .prefault({}),
  lake: z
    .strictObject({
      flushIntervalMs: z
        .number()
        .int()
        .min(50)
        .default(250)
        .describe(
          'Longest time rows wait in memory before they are written and acknowledged: senders ' +
            'wait this long at most, and each flush writes one file per table and hour.',
        ),
      maxBufferRows: z
        .number()
        .int()
        .positive()
        .default(50_000)
        .describe('Rows of one partition that trigger a write before the interval ends.'),
      retentionDays: z
        .number()
        .int()
        .positive()
        .optional()
        .describe('Days of data to keep in every table (default: keep forever).'),
      retention: z
        .record(z.string(), z.number().int().positive())
        .default({})
        .describe(
          'Days to keep per log type, e.g. { AWS.CloudTrail: 365 }; overrides retentionDays.',
        ),
      compaction: z
        .strictObject({
          enabled: z.boolean().default(true).describe('Merge small files of each hour partition.'),
          intervalSeconds: z
            .number()
            .int()
            .min(1)
            .default(300)
            .describe('Seconds between compaction passes.'),
          minFiles: z
            .number()
            .int()
            .min(2)
            .default(8)
            .describe('Small files an hour partition must hold before they are merged.'),
          smallFileMb: z
            .number()
            .positive()
            .default(32)
            .describe('Files below this size (MiB) count as small and are merged.'),
          maxMergeMb: z
            .number()
            .positive()
            .default(256)
            .describe('Input MiB merged into one file at most per pass.'),
          graceSeconds: z
            .number()
            .int()
            .min(0)
            .default(120)
            .describe(
              'Seconds merged-away files stay on disk so queries that listed them can finish.',
            ),
          seal: z
            .strictObject({
              enabled: z
                .boolean()
                .default(true)
                .describe('Rewrite closed hours once at a higher ZSTD level (about 6% smaller).'),
              afterMinutes: z
                .number()
                .int()
                .min(0)
                .default(120)
                .describe(
                  'Minutes after an hour ends before it is sealed; later events still land.',
                ),
              zstdLevel: z
                .number()
                .int()
                .min(1)
                .max(22)
                .default(16)
                .describe('ZSTD level of sealed files; reads cost the same at any level.'),
            })
            .prefault({}),
        })
        .prefault({}),
    })
    .prefault({}),
  spool: z
    .strictObject({
      enabled: z
        .boolean()
        .default(true)
        .describe(
          'Write every received batch to an fsynced write-ahead spool (<data>/spool) before it ' +
            'is processed, and replay unfinished batches after a crash (deduplicated by row id).',
        ),
    })
    .prefault({}),
  ingest: z
    .strictObject({
      maxInFlightBytes: z
        .number()
        .int()
        .positive()
        .default(256 * 1024 * 1024)
        .describe(
          'Memory bound of HTTP ingestion: bytes of request bodies being read plus records ' +
            'acknowledged but not yet in the lake. Over it, HTTP answers 503 with Retry-After ' +
            'instead of buffering (one request is always let through when nothing is held).',
        ),
      maxPendingBatches: z
        .number()
        .int()
        .positive()
        .default(10_000)
        .describe('Most HTTP batches in flight or acknowledged but not yet in the lake.'),
      retryAfterSeconds: z
        .number()
        .int()
        .min(1)
        .default(1)
        .describe('Retry-After of the 503 answers sent under backpressure.'),
      acknowledge: z
        .enum(['spool', 'lake'])
        .default('spool')
        .describe(
          'When HTTP ingestion answers 200: `spool` — once the batch is fsynced to the spool and ' +
            'its detections ran (lake writes follow; API queries wait for them); `lake` — once ' +
            'its rows are in the lake too (slower: each request waits for a lake flush). ' +
            'Without the spool it is always `lake`.',
        ),
    })
    .prefault({}),
  logTypes: z
    .strictObject({
      dirs: z
        .array(z.string())
        .default([])
        .describe("Folders of custom log type schemas (Custom.<Name>, Panther's YAML format)."),
    })
    .prefault({}),
  detections: z
    .strictObject({
      builtin: z.boolean().default(true).describe('Load the detections shipped with Caracal.'),
      dirs: z.array(z.string()).default([]).describe('More folders of detections to load.'),
      workers: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe('Detection worker threads (default: one per core).'),
      timeoutMs: z
        .number()
        .int()
        .min(10)
        .default(1000)
        .describe('Time one detection may spend on one event before it is stopped.'),
      autoDisableAfter: z
        .number()
        .int()
        .min(0)
        .default(3)
        .describe(
          'Disable a detection after it was stopped (timeout, memory) in this many consecutive ' +
            'batches, until re-enabled with `caracal detections enable`; 0 never disables.',
        ),
      python: z
        .strictObject({
          interpreter: z
            .string()
            .optional()
            .describe('Python 3 for Panther-format detections (default /usr/bin/python3).'),
          memoryMb: z
            .number()
            .int()
            .min(64)
            .default(1024)
            .describe('Memory limit of each Python worker process.'),
        })
        .prefault({}),
    })
    .prefault({}),
  sources: z
    .record(z.string().regex(/^[a-z0-9_-]+$/i, 'ids use letters, digits, _ and -'), component)
    .default({ cloudtrail: { type: 'http', logType: 'AWS.CloudTrail' } })
    .describe('Sources by id. Default: one HTTP source `cloudtrail` for AWS.CloudTrail.'),
  destinations: z
    .record(z.string().regex(/^[a-z0-9_-]+$/i, 'ids use letters, digits, _ and -'), component)
    .default({})
    .describe('Alert destinations by id.'),
  secrets: z
    .strictObject({
      key: z
        .string()
        .optional()
        .describe(
          'Base64 AES-256 key sealing secrets stored by Caracal (destinations created through the API); ' +
            'use ${CARACAL_SECRETS_KEY}. Default: a key file created in the data directory.',
        ),
    })
    .prefault({}),
  delivery: z
    .strictObject({
      pollIntervalMs: z
        .number()
        .int()
        .min(10)
        .default(1000)
        .describe('How often the outbox is checked.'),
      maxAttempts: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe(
          'Attempts before a delivery is given up (default: no limit, see giveUpAfterMinutes).',
        ),
      giveUpAfterMinutes: z
        .number()
        .int()
        .min(1)
        .default(24 * 60)
        .describe(
          'Time after which a delivery still failing is given up (default 24 h): a destination down ' +
            'for less than that receives every alert once it is back.',
        ),
    })
    .prefault({}),
})

/** The validated, frozen configuration. */
export type Config = z.infer<typeof configSchema>
