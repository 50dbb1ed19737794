import type { Destination, Plugin } from '../../../core/index.js'
import { jiraConfig } from './config.js'
import { JiraDestination } from './jira-destination.js'

export { jiraConfig, type JiraConfig } from './config.js'

/** The `jira` destination plugin: one issue per alert. */
export const jiraDestination: Plugin<typeof jiraConfig, Destination> = {
  type: 'jira',
  summary: 'Opens a Jira issue per alert (REST API v3 with ADF, or v2 with wiki markup).',
  configSchema: jiraConfig,
  create: (config, context) => new JiraDestination(context.id, config),
}
