import { AppError, type DetectionMeta, type RuleError, type RuleMatch } from '../core/index.js'

/** The matches of one batch that share a rule and dedup string: they update one alert together. */
export interface MatchGroup {
  ruleId: string
  dedup: string
  /** In arrival order; never empty. */
  matches: readonly RuleMatch[]
  first: RuleMatch
  last: RuleMatch
  /** Earliest and latest `p_event_time` among the matches. */
  firstEventTime: string
  lastEventTime: string
  logTypes: readonly string[]
}

/**
 * Groups a batch in memory by (rule, dedup) so that a burst of identical matches costs one
 * statement per group, not one per match. `fallbackTime` stands in for a missing event time.
 */
export function groupMatches(matches: readonly RuleMatch[], fallbackTime: string): MatchGroup[] {
  const byKey = new Map<string, RuleMatch[]>()
  for (const match of matches) {
    // NUL cannot appear in a rule id, so the key is unambiguous.
    const key = `${match.ruleId}\u0000${match.dedup}`
    const list = byKey.get(key)
    if (list === undefined) byKey.set(key, [match])
    else list.push(match)
  }
  return [...byKey.values()].map((list) => summarize(list, fallbackTime))
}

function summarize(matches: RuleMatch[], fallbackTime: string): MatchGroup {
  const first = matches[0]
  const last = matches.at(-1)
  if (first === undefined || last === undefined)
    throw new AppError('INTERNAL', 'A match group is empty')
  let firstEventTime = eventTime(first, fallbackTime)
  let lastEventTime = firstEventTime
  const logTypes = new Set<string>()
  for (const match of matches) {
    const time = eventTime(match, fallbackTime)
    if (time < firstEventTime) firstEventTime = time
    if (time > lastEventTime) lastEventTime = time
    const logType = match.event['p_log_type']
    if (typeof logType === 'string' && logType !== '') logTypes.add(logType)
  }
  return {
    ruleId: first.ruleId,
    dedup: first.dedup,
    matches,
    first,
    last,
    firstEventTime,
    lastEventTime,
    logTypes: [...logTypes],
  }
}

// `p_event_time` is `YYYY-MM-DD HH:MM:SS.mmm` UTC, so string order is time order.
function eventTime(match: RuleMatch, fallbackTime: string): string {
  const value = match.event['p_event_time']
  return typeof value === 'string' && value !== '' ? value : fallbackTime
}

/** Union of two log type lists, keeping first-seen order. */
export function mergeLogTypes(existing: readonly string[], added: readonly string[]): string[] {
  return [...new Set([...existing, ...added])]
}

/** A sample event bigger than this is replaced by a note in a RULE_ERROR alert's context. */
const maxSampleBytes = 64 * 1024

/**
 * Groups rule errors as Panther does: one RULE_ERROR alert per (rule, exception type), its dedup
 * string the exception type, with the message (which carries `file:line`) and a sample event.
 */
export function groupRuleErrors(
  errors: readonly RuleError[],
  detections: ReadonlyMap<string, DetectionMeta>,
  fallbackTime: string,
): MatchGroup[] {
  const matches = errors.map((error): RuleMatch => {
    const meta = detections.get(error.ruleId)
    const sample = JSON.stringify(error.event)
    return {
      ruleId: error.ruleId,
      ruleVersion: error.ruleVersion,
      title: `${meta?.name ?? error.ruleId} raised ${error.errorType}`.slice(0, 1000),
      dedup: error.errorType,
      severity: meta?.severity ?? 'INFO',
      alertContext: {
        errorType: error.errorType,
        function: error.functionName,
        message: error.message,
        sampleEvent:
          Buffer.byteLength(sample) <= maxSampleBytes
            ? error.event
            : { truncated: `the event is over ${String(maxSampleBytes)} bytes` },
      },
      destinations: undefined,
      event: error.event,
    }
  })
  return groupMatches(matches, fallbackTime)
}
