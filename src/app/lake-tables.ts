import { tableName, type Column, type LakeTable, type LogType } from '../core/index.js'

const s = { kind: 'string' } as const
const stringList = { kind: 'array', element: s } as const

/** Columns a rule match adds to its event (Panther's names). */
const matchColumns: readonly Column[] = [
  { name: 'p_rule_id', type: s },
  { name: 'p_rule_version', type: s },
  { name: 'p_rule_severity', type: s },
  { name: 'p_rule_tags', type: stringList },
  { name: 'p_rule_reports', type: { kind: 'json' } },
  { name: 'p_alert_id', type: s },
  { name: 'p_alert_title', type: s },
  { name: 'p_alert_dedup', type: s },
  { name: 'p_alert_context', type: { kind: 'json' } },
  { name: 'p_alert_creation_time', type: { kind: 'timestamp' } },
  { name: 'p_alert_update_time', type: { kind: 'timestamp' } },
]

/** Columns a rule error adds to its event. */
const errorColumns: readonly Column[] = [
  { name: 'p_rule_id', type: s },
  { name: 'p_rule_version', type: s },
  { name: 'p_rule_error', type: s },
  { name: 'p_rule_error_type', type: s },
  { name: 'p_rule_function', type: s },
]

/** Columns of a record that failed to parse: when and where it came from, its text and why. */
const failureColumns: readonly Column[] = [
  { name: 'p_log_type', type: s },
  { name: 'p_row_id', type: s },
  { name: 'p_event_time', type: { kind: 'timestamp' } },
  { name: 'p_parse_time', type: { kind: 'timestamp' } },
  { name: 'p_source_id', type: s },
  { name: 'p_source_label', type: s },
  { name: 'raw', type: s, description: 'The record exactly as received.' },
  { name: 'reason', type: s, description: 'Why it could not be parsed.' },
]

/** The four lake tables a log type writes to. */
export interface LogTypeTables {
  logs: LakeTable
  rules: LakeTable
  ruleErrors: LakeTable
  failures: LakeTable
}

const cache = new WeakMap<LogType, LogTypeTables>()

/**
 * The lake table (folder) name of a log type. Scheduled query names (`Okta Admin Logins`) become
 * log types too: anything but letters, digits and `_` becomes `_`, keeping folders boring.
 */
export function lakeTableName(logType: string): string {
  return tableName(logType).replace(/[^A-Za-z0-9_]/g, '_')
}

/** The lake tables of a log type, built once. */
export function tablesOf(logType: LogType): LogTypeTables {
  let tables = cache.get(logType)
  if (tables === undefined) {
    const name = lakeTableName(logType.name)
    tables = {
      logs: { database: 'logs', name, columns: logType.columns },
      rules: { database: 'rules', name, columns: [...logType.columns, ...matchColumns] },
      ruleErrors: { database: 'rule_errors', name, columns: [...logType.columns, ...errorColumns] },
      failures: { database: 'classification_failures', name, columns: failureColumns },
    }
    cache.set(logType, tables)
  }
  return tables
}
