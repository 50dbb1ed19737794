import {
  formatEventTime,
  type EventRecord,
  type LogType,
  type ParseContext,
  type ParseFailure,
  type ParseOutcome,
} from '../core/index.js'

/** What classifying one record found: the log type that accepted it, or none. */
export interface Classification {
  /** The candidate that accepted the record; undefined when none did. */
  logType: LogType | undefined
  /** Its events and failures; when no candidate accepted, one failure listing every attempt. */
  outcome: ParseOutcome
}

interface Candidate {
  logType: LogType
  penalty: number
  /** When it last accepted a record (a counter), so the latest success is tried first. */
  lastSuccess: number
  position: number
}

/**
 * Picks the parser of each record among a source's candidate log types, Panther's way: candidates
 * are tried in order of a penalty that grows by one each time one fails and drops to zero when it
 * succeeds, so the log type a source mostly sends is tried first and a record costs one parse.
 * Among equal penalties the latest success goes first. A record is accepted when the parser gives
 * at least one event, or nothing at all (a header line), even if part of an envelope failed.
 * Keep one classifier per source: its order is what it learned from that source's records.
 */
export class Classifier {
  private readonly candidates: Candidate[]
  private successes = 0

  constructor(logTypes: readonly LogType[]) {
    this.candidates = logTypes.map((logType, position) => ({
      logType,
      penalty: 0,
      lastSuccess: 0,
      position,
    }))
  }

  /** The candidates' names in the order the next record will try them. */
  order(): string[] {
    return this.candidates.map((c) => c.logType.name)
  }

  /** Parses one record with the first candidate that accepts it. Never throws. */
  classify(raw: string): Classification {
    const attempts: string[] = []
    let accepted: Candidate | undefined
    let outcome: ParseOutcome | undefined
    for (const candidate of this.candidates) {
      const tried = candidate.logType.parse(raw)
      if (tried.events.length > 0 || tried.failures.length === 0) {
        accepted = candidate
        outcome = tried
        break
      }
      candidate.penalty += 1
      attempts.push(`${candidate.logType.name}: ${tried.failures.map((f) => f.reason).join('; ')}`)
    }
    if (accepted !== undefined) {
      accepted.penalty = 0
      accepted.lastSuccess = ++this.successes
    }
    if (attempts.length > 0) this.reorder()
    if (accepted === undefined || outcome === undefined) {
      const reason = `no candidate log type accepted the record (tried ${attempts.join(' | ')})`
      return { logType: undefined, outcome: { events: [], failures: [{ raw, reason }] } }
    }
    return { logType: accepted.logType, outcome }
  }

  private reorder(): void {
    this.candidates.sort(
      (a, b) => a.penalty - b.penalty || b.lastSuccess - a.lastSuccess || a.position - b.position,
    )
  }
}

/** The events and failures of one log type within a classified batch. */
export interface ClassifiedGroup {
  logType: LogType
  events: EventRecord[]
  failures: ParseFailure[]
}

/** A batch parsed by a classifier: one group per log type that accepted records. */
export interface ClassifiedBatch {
  groups: ClassifiedGroup[]
  /** Records no candidate accepted, each with every candidate's reason. */
  unclassified: ParseFailure[]
}

/**
 * `parseBatch` for several candidate log types: each record is classified, and its events are
 * stamped with the standard fields of the log type that accepted it. Row ids run across the
 * whole batch, so events of different log types from one batch never share one.
 */
export function classifyBatch(
  classifier: Classifier,
  records: readonly string[],
  context: ParseContext,
): ClassifiedBatch {
  const parseTime = formatEventTime(context.now)
  const groups = new Map<string, ClassifiedGroup>()
  const unclassified: ParseFailure[] = []
  let row = 0
  for (const raw of records) {
    const { logType, outcome } = classifier.classify(raw)
    if (logType === undefined) {
      unclassified.push(...outcome.failures)
      continue
    }
    let group = groups.get(logType.name)
    if (group === undefined) {
      group = { logType, events: [], failures: [] }
      groups.set(logType.name, group)
    }
    for (const event of outcome.events) {
      event.p_log_type = logType.name
      event.p_row_id = `${context.batchId}-${(row++).toString(36)}`
      event.p_event_time ??= parseTime
      event.p_parse_time = parseTime
      event.p_source_id = context.sourceId
      event.p_source_label = context.sourceLabel
      group.events.push(event)
    }
    group.failures.push(...outcome.failures)
  }
  return { groups: [...groups.values()], unclassified }
}
