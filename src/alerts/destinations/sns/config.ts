import { z } from 'zod'
import { awsConnectionFields, credentialsPaired } from '../aws-delivery.js'
import { destinationCommonConfig } from '../common.js'
import { templateFields } from '../template.js'

/** Config of an `sns` destination. */
export const snsConfig = destinationCommonConfig
  .extend({
    topicArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/,
        'must be an SNS topic ARN',
      )
      .describe(
        'ARN of the topic alerts are published to; a `.fifo` topic gets group and dedup ids.',
      ),
    ...awsConnectionFields,
    ...templateFields,
  })
  .refine(credentialsPaired, {
    error: 'accessKeyId and secretAccessKey go together',
    path: ['secretAccessKey'],
  })

/** The validated config of an `sns` destination. */
export type SnsConfig = z.infer<typeof snsConfig>
