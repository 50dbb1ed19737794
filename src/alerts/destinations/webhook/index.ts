import type { Destination, Plugin } from '../../../core/index.js'
import { webhookConfig } from './config.js'
import { WebhookDestination } from './webhook-destination.js'

export { webhookConfig, type WebhookConfig } from './config.js'
export { parseRetryAfter, type WebhookPayload } from './webhook-destination.js'

/** The `webhook` destination plugin: a signed JSON POST per alert. */
export const webhookDestination: Plugin<typeof webhookConfig, Destination> = {
  type: 'webhook',
  summary: 'POSTs each alert as JSON to an HTTP(S) endpoint, optionally HMAC-signed.',
  configSchema: webhookConfig,
  create: (config, context) => new WebhookDestination(context.id, config),
}
