import type { Destination, Plugin } from '../../../core/index.js'
import { teamsConfig } from './config.js'
import { TeamsDestination } from './teams-destination.js'

export { teamsConfig, type TeamsConfig } from './config.js'

/** The `teams` destination plugin: Adaptive Cards through a Workflows webhook. */
export const teamsDestination: Plugin<typeof teamsConfig, Destination> = {
  type: 'teams',
  summary:
    'Posts each alert as an Adaptive Card to a Microsoft Teams channel through a Workflows webhook.',
  configSchema: teamsConfig,
  create: (config, context) => new TeamsDestination(context.id, config),
}
