import { z } from 'zod'
import { destinationCommonConfig } from '../common.js'
import { timeoutField } from '../http-delivery.js'
import { templateFields } from '../template.js'

/** Config of a `teams` destination. */
export const teamsConfig = destinationCommonConfig.extend({
  webhookUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .describe(
      'HTTP URL of a Teams Workflows "When a Teams webhook request is received" trigger. A secret: never logged.',
    )
    .meta({ secret: true }),
  ...templateFields,
  timeoutMs: timeoutField,
})

/** The validated config of a `teams` destination. */
export type TeamsConfig = z.infer<typeof teamsConfig>
