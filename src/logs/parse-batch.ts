import {
  formatEventTime,
  type EventRecord,
  type LogType,
  type ParseContext,
  type ParseFailure,
} from '../core/index.js'

/** A parsed batch: events with every standard field set, and the records that failed. */
export interface ParsedBatch {
  events: EventRecord[]
  failures: ParseFailure[]
}

/**
 * Parses a batch of raw records and stamps the standard fields. Row ids are the batch id plus the
 * row's position, so parsing the same batch again yields the same ids (replays can be de-duplicated).
 */
export function parseBatch(
  logType: LogType,
  records: readonly string[],
  context: ParseContext,
): ParsedBatch {
  const parseTime = formatEventTime(context.now)
  const events: EventRecord[] = []
  const failures: ParseFailure[] = []
  for (const raw of records) {
    const outcome = logType.parse(raw)
    for (const event of outcome.events) {
      event.p_log_type = logType.name
      event.p_row_id = `${context.batchId}-${events.length.toString(36)}`
      event.p_event_time ??= parseTime
      event.p_parse_time = parseTime
      event.p_source_id = context.sourceId
      event.p_source_label = context.sourceLabel
      events.push(event)
    }
    for (const failure of outcome.failures) failures.push(failure)
  }
  return { events, failures }
}
