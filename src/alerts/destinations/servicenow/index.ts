import type { Destination, Plugin } from '../../../core/index.js'
import { serviceNowConfig } from './config.js'
import { ServiceNowDestination } from './servicenow-destination.js'

export { serviceNowConfig, type ServiceNowConfig } from './config.js'

/** The `servicenow` destination plugin: one incident per alert. */
export const serviceNowDestination: Plugin<typeof serviceNowConfig, Destination> = {
  type: 'servicenow',
  summary:
    'Creates a ServiceNow incident per alert through the Table API (impact and urgency by severity).',
  configSchema: serviceNowConfig,
  create: (config, context) => new ServiceNowDestination(context.id, config),
}
