import type { z } from 'zod'
import { AppError, type Destination, type Plugin, type PluginContext } from '../../core/index.js'
import type { DestinationRoute } from '../alert-router.js'
import type { DestinationCommonConfig } from './common.js'
import { asanaDestination } from './asana/index.js'
import { emailDestination } from './email/index.js'
import { githubDestination } from './github/index.js'
import { jiraDestination } from './jira/index.js'
import { opsgenieDestination } from './opsgenie/index.js'
import { pagerDutyDestination } from './pagerduty/index.js'
import { serviceNowDestination } from './servicenow/index.js'
import { slackDestination } from './slack/index.js'
import { snsDestination } from './sns/index.js'
import { sqsDestination } from './sqs/index.js'
import { teamsDestination } from './teams/index.js'
import { webhookDestination } from './webhook/index.js'

/** A destination plugin: its schema extends `destinationCommonConfig`, so routing keys are known. */
export type DestinationPlugin = Plugin<z.ZodType<DestinationCommonConfig>, Destination>

/** Every destination type Caracal ships; adding one is one line here. */
export const destinationPlugins: readonly DestinationPlugin[] = [
  webhookDestination,
  slackDestination,
  pagerDutyDestination,
  opsgenieDestination,
  jiraDestination,
  teamsDestination,
  githubDestination,
  asanaDestination,
  serviceNowDestination,
  snsDestination,
  sqsDestination,
  emailDestination,
]

/** One `destinations.<id>` entry of the config: `type` picks the plugin, the rest is its config. */
export type DestinationConfigEntry = { type: string } & Record<string, unknown>

/** Built destinations by id, and their routing defaults for the alert service. */
export interface BuiltDestinations {
  destinations: Map<string, Destination>
  routes: DestinationRoute[]
}

/**
 * Validates every `destinations` entry with its plugin's schema, reporting all problems at once,
 * then builds them. Unknown types throw `PLUGIN_UNKNOWN`; invalid entries `CONFIG_INVALID`.
 * `context(id, type)` gives each destination its logger and metrics.
 */
export function buildDestinations(
  config: Readonly<Record<string, DestinationConfigEntry>>,
  context: (id: string, type: string) => PluginContext,
): BuiltDestinations {
  const known = new Map(destinationPlugins.map((plugin) => [plugin.type, plugin]))
  const entries = Object.entries(config)
  const unknown = entries.filter(([, entry]) => !known.has(entry.type))
  if (unknown.length > 0) {
    const knownTypes = [...known.keys()].join(', ')
    const lines = unknown.map(
      ([id, entry]) =>
        `destinations.${id}.type: unknown destination type "${entry.type}"; known types: ${knownTypes}`,
    )
    throw new AppError('PLUGIN_UNKNOWN', lines.join('\n'), { details: lines })
  }

  const parsed: ValidatedDestination[] = []
  const problems: string[] = []
  for (const [id, entry] of entries) {
    const result = validateDestination(id, entry, known)
    if (result.ok) parsed.push(result.value)
    else problems.push(...result.problems)
  }
  if (problems.length > 0) {
    throw new AppError('CONFIG_INVALID', problems.join('\n'), { details: problems })
  }

  const destinations = new Map<string, Destination>()
  const routes: DestinationRoute[] = []
  for (const { id, plugin, config: entryConfig } of parsed) {
    destinations.set(id, plugin.create(entryConfig, context(id, plugin.type)))
    routes.push({ id, severities: entryConfig.severities, alertTypes: entryConfig.alertTypes })
  }
  return { destinations, routes }
}

/** A destination entry checked against its plugin's schema. */
export interface ValidatedDestination {
  id: string
  plugin: DestinationPlugin
  config: DestinationCommonConfig
}

/** Checks one entry with its plugin's schema; problems are `destinations.<id>.<key>: message`. */
export function validateDestination(
  id: string,
  entry: DestinationConfigEntry,
  known: ReadonlyMap<string, DestinationPlugin> = new Map(
    destinationPlugins.map((p) => [p.type, p]),
  ),
): { ok: true; value: ValidatedDestination } | { ok: false; problems: string[] } {
  const plugin = known.get(entry.type)
  if (plugin === undefined) {
    const types = [...known.keys()].join(', ')
    return {
      ok: false,
      problems: [
        `destinations.${id}.type: unknown destination type "${entry.type}"; known types: ${types}`,
      ],
    }
  }
  // `type` chose the plugin; the plugin's own schema is strict and does not know it.
  const rest = Object.fromEntries(Object.entries(entry).filter(([key]) => key !== 'type'))
  const result = plugin.configSchema.safeParse(rest)
  if (result.success) return { ok: true, value: { id, plugin, config: result.data } }
  return { ok: false, problems: result.error.issues.map((issue) => describeIssue(id, issue)) }
}

function describeIssue(id: string, issue: z.core.$ZodIssue): string {
  const path = ['destinations', id, ...issue.path.map(String)].join('.')
  return `${path}: ${issue.message}`
}
