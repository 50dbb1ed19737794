import { z } from 'zod'

/** Config of a source that reads log objects from an S3 bucket (or an S3-compatible store). */
export const s3SourceConfig = z.strictObject({
  type: z.literal('s3'),
  label: z.string().optional().describe('Human name stored in p_source_label (default: the id).'),
  bucket: z.string().min(1).describe('Bucket name.'),
  prefixes: z
    .record(z.string(), z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]))
    .refine((p) => Object.keys(p).length > 0, 'name at least one prefix')
    .describe(
      'Key prefix → log type of the objects under it, or a list of log types each record may ' +
        'be (classified per record, Panther-style; the first keeps the records none accepts). ' +
        'The longest matching prefix wins, "" matches every key. E.g. { "AWSLogs/": ' +
        'AWS.CloudTrail, "vpc/": AWS.VPCFlow, "syslog/": [Syslog.RFC5424, Syslog.RFC3164] }.',
    ),
  region: z.string().default('us-east-1').describe('AWS region of the bucket.'),
  endpoint: z
    .url()
    .optional()
    .describe('Endpoint of an S3-compatible store (MinIO, Ceph…); default: AWS.'),
  forcePathStyle: z
    .boolean()
    .default(false)
    .describe('Address buckets as http://endpoint/bucket (most S3-compatible stores need it).'),
  credentials: z
    .strictObject({
      accessKeyId: z.string().min(1).describe('Access key id.'),
      secretAccessKey: z
        .string()
        .min(1)
        .describe('Secret access key (a secret: use ${ENV_VAR} or ${file:…}).'),
      sessionToken: z.string().optional().describe('Session token of temporary credentials.'),
    })
    .optional()
    .describe('Static credentials; default: the AWS SDK chain (environment, profile, role).'),
  startAfter: z
    .string()
    .optional()
    .describe(
      'Key to start listing after when a prefix has no checkpoint yet (e.g. AWSLogs/…/2026/11/).',
    ),
  listObjects: z
    .boolean()
    .default(true)
    .describe(
      'Discover objects by listing each prefix after its checkpoint. Set false when sqs ' +
        'notifications announce every object, so none is read twice.',
    ),
  sqs: z
    .strictObject({
      queueUrl: z.url().describe('URL of the SQS queue receiving the S3 event notifications.'),
      waitTimeSeconds: z
        .number()
        .int()
        .min(0)
        .max(20)
        .default(20)
        .describe('Long-polling wait of each receive.'),
      visibilityTimeoutSeconds: z
        .number()
        .int()
        .min(10)
        .default(300)
        .describe('How long a message stays hidden while its objects are read.'),
      endpoint: z
        .url()
        .optional()
        .describe('Endpoint of an SQS-compatible queue; default: the queue URL.'),
    })
    .optional()
    .describe(
      'Read objects as S3 event notifications announce them (direct or through SNS); a ' +
        'message is deleted once all its objects are durable.',
    ),
  pollIntervalMs: z
    .number()
    .int()
    .min(100)
    .default(60_000)
    .describe('How often the bucket is listed for new objects.'),
  batchSize: z.number().int().min(1).default(2000).describe('Records per batch.'),
  maxObjectBytes: z
    .number()
    .int()
    .positive()
    .default(1024 * 1024 * 1024)
    .describe('Largest object read (as stored); larger ones are skipped with an error.'),
})
/** The validated config of an S3 source. */
export type S3SourceConfig = z.infer<typeof s3SourceConfig>
