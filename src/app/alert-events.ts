import { AppError } from '../core/index.js'
import type { LakeReader } from '../lake/index.js'
import { lakeTableName } from './lake-tables.js'

/** A page of the events of an alert, read from the lake's rule matches. */
export interface AlertEventsPage {
  events: Record<string, unknown>[]
  nextCursor: string | null
}

/** The alert as far as reading its events goes. */
interface AlertRef {
  id: string
  logTypes: readonly string[]
}

/**
 * Pages through the events an alert grouped (`panther_rule_matches.<table>` rows with its
 * `p_alert_id`), oldest first, across every log type of the alert.
 */
export async function alertEvents(
  reader: LakeReader,
  alert: AlertRef,
  limit: number,
  cursor: string | undefined,
): Promise<AlertEventsPage> {
  const offset = cursor === undefined ? 0 : decodeOffset(cursor)
  const tables = new Set(
    (
      await reader.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'panther_rule_matches'",
      )
    ).map((r) => String(r.table_name)),
  )
  // The names the pipeline wrote the matches under: a scheduled rule's log types are query names.
  const selects = [...new Set(alert.logTypes.map(lakeTableName))]
    .filter((t) => tables.has(t))
    .map(
      (t) =>
        `SELECT * EXCLUDE (year, month, day, hour) FROM panther_rule_matches."${t}" ` +
        `WHERE p_alert_id = '${alert.id.replaceAll("'", "''")}'`,
    )
  if (selects.length === 0) return { events: [], nextCursor: null }
  const rows = await reader.query(
    `SELECT * FROM (${selects.join(' UNION ALL BY NAME ')}) ` +
      `ORDER BY p_event_time, p_row_id LIMIT ${limit + 1} OFFSET ${offset}`,
  )
  const events = rows.slice(0, limit)
  return {
    events,
    nextCursor:
      rows.length > limit ? Buffer.from(String(offset + limit)).toString('base64url') : null,
  }
}

function decodeOffset(cursor: string): number {
  const offset = Number(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!Number.isInteger(offset) || offset < 0) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API returned')
  }
  return offset
}
