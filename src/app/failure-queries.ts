import type { ParseFailureRecord } from '../contract/index.js'
import type { LakeReader } from '../lake/index.js'

/** Reads records that failed to parse back from the lake, newest first. */
export interface FailureQueries {
  recent(limit: number, sourceId?: string): Promise<ParseFailureRecord[]>
}

const schema = 'panther_classification_failures'

/** Failure queries over the lake reader's views. */
export function createFailureQueries(reader: LakeReader): FailureQueries {
  return {
    async recent(limit, sourceId) {
      const tables = await reader.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema}'`,
      )
      if (tables.length === 0) return []
      const where = sourceId === undefined ? '' : ` WHERE p_source_id = ${literal(sourceId)}`
      const union = tables
        .map(
          (t) =>
            `SELECT p_source_id, p_log_type, raw, reason, p_parse_time FROM ${schema}."${String(t.table_name)}"${where}`,
        )
        .join(' UNION ALL ')
      const rows = await reader.query(
        `SELECT * FROM (${union}) ORDER BY p_parse_time DESC LIMIT ${Math.floor(limit)}`,
      )
      return rows.map((r) => ({
        sourceId: String(r.p_source_id),
        logType: String(r.p_log_type),
        raw: String(r.raw),
        reason: String(r.reason),
        receivedAt: String(r.p_parse_time),
      }))
    },
  }
}

function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}
