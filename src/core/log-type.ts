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

/** Per-record outcome: failures are values, never throws. One record may hold many events (envelopes). */
export type ParseOutcome = { ok: true; events: EventRecord[] } | { ok: false; failure: ParseFailure }

/** A log type: a name, its table columns, and a parser from one raw record to normalized events. */
export interface LogType {
  /** Panther's name, e.g. `AWS.CloudTrail`. */
  name: string
  description: string
  /** Columns of the lake table, including the `p_*` ones. */
  columns: readonly Column[]
  parse(raw: string, context: ParseContext): ParseOutcome
}

/** `AWS.CloudTrail` → `aws_cloudtrail`: the lake table name of a log type (Panther's rule). */
export function tableName(logType: string): string {
  return logType.toLowerCase().replaceAll('.', '_')
}
