import type { LakeTable } from '../core/index.js'
import { schemaNames, type LakeReader } from '../lake/index.js'
import { rowKey, type RowDedupe } from './pipeline.js'

/**
 * Row keys of one batch already in the lake, read through the lake's SQL views: what a replay
 * after a crash must not write again. Row ids start with the batch id (`<batchId>-…`).
 */
export function lakeRowDedupe(reader: LakeReader): RowDedupe {
  return {
    async existing(table: LakeTable, batchId: string): Promise<ReadonlySet<string>> {
      const schema = schemaNames[table.database]
      const known = await reader.query(
        `SELECT count(*) AS n FROM information_schema.tables ` +
          `WHERE table_schema = ${literal(schema)} AND table_name = ${literal(table.name)}`,
      )
      const keys = new Set<string>()
      if (Number(known[0]?.n ?? 0) === 0) return keys
      const ruleColumn =
        table.database === 'rules' || table.database === 'rule_errors' ? ', p_rule_id' : ''
      await reader.scan(
        `SELECT p_row_id${ruleColumn} FROM "${schema}"."${table.name}" ` +
          `WHERE starts_with(p_row_id, ${literal(`${batchId}-`)})`,
        (rows) => {
          for (const row of rows) keys.add(rowKey(table, row))
          return Promise.resolve()
        },
      )
      return keys
    },
  }
}

function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}
