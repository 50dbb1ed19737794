import type { AlertType, Severity } from '../contract/index.js'

/** A configured destination's routing defaults: which alerts it receives when nothing overrides. */
export interface DestinationRoute {
  id: string
  severities: readonly Severity[]
  alertTypes: readonly AlertType[]
}

/** What routing needs to know about an alert that is opening. */
export interface RoutingInput {
  severity: Severity
  type: AlertType
  /** The match's override: `undefined` means not set, `[]` means deliver nowhere. */
  matchDestinations: readonly string[] | undefined
  /** The detection's `outputIds`. */
  outputIds: readonly string[]
}

/** The chosen destination ids, and the ids asked for that no configured destination has. */
export interface RoutingDecision {
  destinations: string[]
  unknown: string[]
}

/**
 * Picks destinations in Panther's order: the match's override, else the detection's outputIds,
 * else every destination routing the alert's severity; then only those accepting the alert type.
 */
export function routeAlert(
  input: RoutingInput,
  routes: ReadonlyMap<string, DestinationRoute>,
): RoutingDecision {
  const requested = requestedIds(input, routes)
  const destinations: string[] = []
  const unknown: string[] = []
  for (const id of new Set(requested)) {
    const route = routes.get(id)
    if (route === undefined) unknown.push(id)
    else if (route.alertTypes.includes(input.type)) destinations.push(id)
  }
  return { destinations, unknown }
}

function requestedIds(
  input: RoutingInput,
  routes: ReadonlyMap<string, DestinationRoute>,
): readonly string[] {
  if (input.matchDestinations !== undefined) return input.matchDestinations
  if (input.outputIds.length > 0) return input.outputIds
  return [...routes.values()].filter((r) => r.severities.includes(input.severity)).map((r) => r.id)
}
