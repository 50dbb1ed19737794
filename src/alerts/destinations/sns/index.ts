import type { Destination, Plugin } from '../../../core/index.js'
import { snsConfig } from './config.js'
import { SnsDestination } from './sns-destination.js'

export { snsConfig, type SnsConfig } from './config.js'

/** The `sns` destination plugin: Publish to a topic. */
export const snsDestination: Plugin<typeof snsConfig, Destination> = {
  type: 'sns',
  summary: 'Publishes each alert to an AWS SNS topic (JSON or text; FIFO topics supported).',
  configSchema: snsConfig,
  create: (config, context) => new SnsDestination(context.id, config),
}
