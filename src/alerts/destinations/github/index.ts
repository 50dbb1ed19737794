import type { Destination, Plugin } from '../../../core/index.js'
import { githubConfig } from './config.js'
import { GithubDestination } from './github-destination.js'

export { githubConfig, type GithubConfig } from './config.js'

/** The `github` destination plugin: one issue per alert. */
export const githubDestination: Plugin<typeof githubConfig, Destination> = {
  type: 'github',
  summary: 'Opens a GitHub issue per alert in a repository (REST API, token auth).',
  configSchema: githubConfig,
  create: (config, context) => new GithubDestination(context.id, config),
}
