import type { Destination, Plugin } from '../../../core/index.js'
import { sqsConfig } from './config.js'
import { SqsDestination } from './sqs-destination.js'

export { sqsConfig, type SqsConfig } from './config.js'

/** The `sqs` destination plugin: SendMessage to a queue. */
export const sqsDestination: Plugin<typeof sqsConfig, Destination> = {
  type: 'sqs',
  summary:
    'Sends each alert as a message to an AWS SQS queue (JSON or text; FIFO queues supported).',
  configSchema: sqsConfig,
  create: (config, context) => new SqsDestination(context.id, config),
}
