import { z } from 'zod'
import { destinationCommonConfig } from '../common.js'
import { timeoutField } from '../http-delivery.js'
import { templateFields } from '../template.js'

/** Config of a `slack` destination. */
export const slackConfig = destinationCommonConfig.extend({
  webhookUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .describe(
      'Incoming webhook URL of the channel (https://hooks.slack.com/services/…). A secret: never logged.',
    )
    .meta({ secret: true }),
  ...templateFields,
  timeoutMs: timeoutField,
})

/** The validated config of a `slack` destination. */
export type SlackConfig = z.infer<typeof slackConfig>
