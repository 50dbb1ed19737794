import type { EventRecord, LogType } from '../core/index.js'

/** How well a log type suits a sample of records. */
export interface SniffedLogType {
  logType: string
  /** Sampled records it gave events for. */
  accepted: number
  /** Sampled records no other log type suited better. */
  won: number
  /** Sum over those records of the share of their fields its schema declares (0…1 each). */
  fit: number
}

/**
 * Which log types suit a sample of records, best first: `caracal ingest` without `--log-type`
 * takes them as the input's candidates. Accepting a record is not enough — a loose schema
 * accepts any JSON and keeps the fields it does not declare in `p_extra_fields` — so every log
 * type tries every record, and a record goes to the log types that declare the largest share of
 * its fields (all of them on a tie). A log type is a candidate when it won a record; candidates
 * are ordered by records won, then by their summed share, then by the registry's order.
 */
export function sniffLogTypes(
  logTypes: readonly LogType[],
  records: readonly string[],
): SniffedLogType[] {
  const scores = logTypes.map((logType, position) => ({
    logType,
    position,
    accepted: 0,
    won: 0,
    fit: 0,
  }))
  for (const record of records) {
    let best = -1
    const shares: { score: (typeof scores)[number]; share: number }[] = []
    for (const score of scores) {
      const { events } = score.logType.parse(record)
      // Only events count: a type that yields nothing for a line (a header) proves nothing.
      if (events.length === 0) continue
      const share = events.reduce((sum, e) => sum + declaredShare(e), 0) / events.length
      score.accepted++
      score.fit += share
      shares.push({ score, share })
      best = Math.max(best, share)
    }
    for (const { score, share } of shares) if (share === best) score.won++
  }
  return scores
    .filter((s) => s.won > 0)
    .sort((a, b) => b.won - a.won || b.fit - a.fit || a.position - b.position)
    .map((s) => ({ logType: s.logType.name, accepted: s.accepted, won: s.won, fit: s.fit }))
}

/** The share of an event's top-level fields its schema declares (the rest are extra fields). */
function declaredShare(event: EventRecord): number {
  let declared = 0
  for (const [key, value] of Object.entries(event)) {
    if (!key.startsWith('p_') && value !== null && value !== undefined) declared++
  }
  const extra = event.p_extra_fields
  const extras = typeof extra === 'object' && extra !== null ? Object.keys(extra).length : 0
  return declared + extras === 0 ? 0 : declared / (declared + extras)
}
