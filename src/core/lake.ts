import type { EventRecord } from './event.js'
import type { Column } from './log-type.js'

/** The lake's databases, as folders under the lake root (Panther's layout). */
export type LakeDatabase = 'logs' | 'rules' | 'rule_errors' | 'classification_failures'

/** A table of the lake: rows are partitioned by the hour of their `p_event_time`. */
export interface LakeTable {
  database: LakeDatabase
  /** Table name, e.g. `aws_cloudtrail`. */
  name: string
  columns: readonly Column[]
}

/** Appends rows to lake tables. */
export interface LakeWriter {
  /** Buffers the rows; resolves once they are durable on disk (fsynced and visible to queries). */
  write(table: LakeTable, rows: readonly EventRecord[]): Promise<void>
  /** Writes every buffered row now. */
  flush(): Promise<void>
  /** Flushes and releases resources. */
  close(): Promise<void>
}
