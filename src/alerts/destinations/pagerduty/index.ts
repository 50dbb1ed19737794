import type { Destination, Plugin } from '../../../core/index.js'
import { pagerDutyConfig } from './config.js'
import { PagerDutyDestination } from './pagerduty-destination.js'

export { pagerDutyConfig, type PagerDutyConfig } from './config.js'

/** The `pagerduty` destination plugin: Events API v2 trigger and resolve. */
export const pagerDutyDestination: Plugin<typeof pagerDutyConfig, Destination> = {
  type: 'pagerduty',
  summary:
    'Triggers a PagerDuty incident per alert (Events API v2) and resolves it when the alert is resolved or closed.',
  configSchema: pagerDutyConfig,
  create: (config, context) => new PagerDutyDestination(context.id, config),
}
