import { z } from 'zod'
import { destinationCommonConfig } from '../common.js'
import { timeoutField } from '../http-delivery.js'
import { templateString } from '../template.js'

/** Config of a `pagerduty` destination. */
export const pagerDutyConfig = destinationCommonConfig.extend({
  routingKey: z
    .string()
    .length(32, 'must be the 32-character integration key')
    .describe('Integration (routing) key of an Events API v2 integration. A secret: never logged.')
    .meta({ secret: true }),
  apiUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .default('https://events.pagerduty.com')
    .describe('Base URL of the Events API; events go to `<apiUrl>/v2/enqueue`.'),
  summaryTemplate: templateString(
    'The event `summary` (at most 1024 characters). Default: `[<severity>] <alert title>`.',
  ),
  source: z
    .string()
    .min(1)
    .max(255)
    .default('caracal')
    .describe('The event `source`: the system the alert is about, shown in PagerDuty.'),
  component: z.string().max(255).optional().describe('The event `component`, if set.'),
  group: z.string().max(255).optional().describe('The event `group`, if set.'),
  timeoutMs: timeoutField,
})

/** The validated config of a `pagerduty` destination. */
export type PagerDutyConfig = z.infer<typeof pagerDutyConfig>
