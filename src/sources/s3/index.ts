import type { Plugin } from '../../core/index.js'
import { s3SourceConfig } from './config.js'
import { S3Source } from './s3-source.js'

/** The `s3` source plugin. */
export const s3SourcePlugin: Plugin<typeof s3SourceConfig, S3Source> = {
  type: 's3',
  summary: 'Reads log objects from an S3 bucket by prefix (gzip, zstd; checkpointed listing).',
  configSchema: s3SourceConfig.refine((c) => c.listObjects || c.sqs !== undefined, {
    error: 'with listObjects false, configure sqs: otherwise nothing finds new objects',
    path: ['listObjects'],
  }),
  create: (config, context) => new S3Source(context.id, config, context),
}
export { S3Source }
