import type { Destination, Plugin } from '../../../core/index.js'
import { AsanaDestination } from './asana-destination.js'
import { asanaConfig } from './config.js'

export { asanaConfig, type AsanaConfig } from './config.js'

/** The `asana` destination plugin: one task per alert. */
export const asanaDestination: Plugin<typeof asanaConfig, Destination> = {
  type: 'asana',
  summary: 'Creates an Asana task per alert in the configured projects.',
  configSchema: asanaConfig,
  create: (config, context) => new AsanaDestination(context.id, config),
}
