import type { Destination, Plugin } from '../../../core/index.js'
import { slackConfig } from './config.js'
import { SlackDestination } from './slack-destination.js'

export { slackConfig, type SlackConfig } from './config.js'

/** The `slack` destination plugin: Block Kit messages through an incoming webhook. */
export const slackDestination: Plugin<typeof slackConfig, Destination> = {
  type: 'slack',
  summary: 'Posts each alert to a Slack channel through an incoming webhook, as Block Kit.',
  configSchema: slackConfig,
  create: (config, context) => new SlackDestination(context.id, config),
}
