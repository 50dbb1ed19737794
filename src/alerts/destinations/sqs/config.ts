import { z } from 'zod'
import { awsConnectionFields, credentialsPaired } from '../aws-delivery.js'
import { destinationCommonConfig } from '../common.js'
import { templateFields } from '../template.js'

/** Config of an `sqs` destination. */
export const sqsConfig = destinationCommonConfig
  .extend({
    queueUrl: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .describe(
        'URL of the queue, e.g. `https://sqs.us-east-1.amazonaws.com/111122223333/alerts`; a `.fifo` queue gets group and dedup ids.',
      ),
    delaySeconds: z
      .number()
      .int()
      .min(0)
      .max(900)
      .optional()
      .describe('Seconds each message stays invisible (not for FIFO queues).'),
    ...awsConnectionFields,
    ...templateFields,
  })
  .refine(credentialsPaired, {
    error: 'accessKeyId and secretAccessKey go together',
    path: ['secretAccessKey'],
  })

/** The validated config of an `sqs` destination. */
export type SqsConfig = z.infer<typeof sqsConfig>
