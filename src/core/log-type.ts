import type { EventRecord } from './event.js'

/** The type of one column, independent of any storage engine. */
export type ColumnType =
  | { kind: 'string' | 'bigint' | 'double' | 'boolean' | 'timestamp' | 'json' }
  | { kind: 'object'; fields: readonly Column[] }
  | { kind: 'array'; element: ColumnType }

/** One column of a log type's table. */
export interface Column {
  name: string
  type: ColumnType
  description?: string
}

/** Where a parsed record came from, stamped into its `p_source_*` fields. */
export interface ParseContext {
  /** Unique per batch; row ids derive from it so a replayed batch yields the same ids. */
  batchId: string
  sourceId: string
  sourceLabel: string
  /** Parse time; one value per batch keeps a batch's rows consistent. */
  now: Date
}

/** A record that could not be parsed, kept with its reason so nothing is dropped silently. */
export interface ParseFailure {
  raw: string
  reason: string
}

/**
 * What one raw record became: failures are values, never throws. A record may hold many events
 * (an envelope such as CloudTrail's `Records`), some of which may fail.
 */
export interface ParseOutcome {
  events: EventRecord[]
  failures: ParseFailure[]
}

/** A log type: a name, its table columns, and a parser from one raw record to normalized events. */
export interface LogType {
  /** Panther's name, e.g. `AWS.CloudTrail`. */
  name: string
  description: string
  /** Columns of the lake table, including the `p_*` ones. */
  columns: readonly Column[]
  /** Parses one raw record into events with only the log type's own fields and indicators. */
  parse(raw: string): ParseOutcome
}

/** `AWS.CloudTrail` → `aws_cloudtrail`: the lake table name of a log type (Panther's rule). */
export function tableName(logType: string): string {
  return logType.toLowerCase().replaceAll('.', '_')
}
