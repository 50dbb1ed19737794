import type { Destination, Plugin } from '../../../core/index.js'
import { opsgenieConfig } from './config.js'
import { OpsgenieDestination } from './opsgenie-destination.js'

export { opsgenieConfig, type OpsgenieConfig } from './config.js'

/** The `opsgenie` destination plugin: Alert API v2, US or EU. */
export const opsgenieDestination: Plugin<typeof opsgenieConfig, Destination> = {
  type: 'opsgenie',
  summary:
    'Creates an Opsgenie alert per alert (US or EU API, P1–P5 by severity) and closes it on resolve.',
  configSchema: opsgenieConfig,
  create: (config, context) => new OpsgenieDestination(context.id, config),
}
