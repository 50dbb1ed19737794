import type { DetectionMeta, RuleMatch } from '../core/index.js'

interface Window {
  startMs: number
  count: number
}

/**
 * What a dry-run replay would have opened: the alert grouping rules applied to the matches as
 * they are read. A (rule, dedup) group opens an alert once `Threshold` matches fall inside one
 * `DedupPeriodMinutes` window starting at its first match's event time; a group that never
 * reaches its threshold opens nothing, as in streaming.
 */
export class WouldOpenAlerts {
  private readonly windows = new Map<string, Window>()
  private readonly opened = new Map<string, number>()

  constructor(private readonly metaOf: (ruleId: string) => DetectionMeta | undefined) {}

  add(match: RuleMatch): void {
    const meta = this.metaOf(match.ruleId)
    const periodMs = (meta?.dedupPeriodMinutes ?? 60) * 60_000
    // Panther treats a threshold below 1 as 1.
    const threshold = Math.max(1, meta?.threshold ?? 1)
    const timeMs = eventTimeMs(match)
    // NUL cannot appear in a rule id, so the key is unambiguous.
    const key = `${match.ruleId}\u0000${match.dedup}`
    let window = this.windows.get(key)
    if (window === undefined || timeMs >= window.startMs + periodMs) {
      window = { startMs: timeMs, count: 0 }
      this.windows.set(key, window)
    }
    window.count += 1
    if (window.count === threshold)
      this.opened.set(match.ruleId, (this.opened.get(match.ruleId) ?? 0) + 1)
  }

  /** Alerts the rule would have opened so far. */
  alerts(ruleId: string): number {
    return this.opened.get(ruleId) ?? 0
  }
}

// `p_event_time` is `YYYY-MM-DD HH:MM:SS.mmm` UTC; an unparsable one counts as the epoch.
function eventTimeMs(match: RuleMatch): number {
  const time = match.event['p_event_time']
  if (typeof time !== 'string') return 0
  const ms = Date.parse(`${time.replace(' ', 'T')}Z`)
  return Number.isNaN(ms) ? 0 : ms
}
