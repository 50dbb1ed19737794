import { rename, rm } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import {
  IndicatorIndex,
  indexPathOf,
  indicatorKey,
  isIndicatorColumn,
  type IndexEntry,
} from './indicator-index.js'
import { isDataFile, listDir, noteLakeChange } from './lake-files.js'
import { rowGroupRows, sqlIdent, sqlString } from './lake-layout.js'
import { fsyncPath, writeDurably } from './parquet-file-writer.js'

/**
 * Gives the files of an hour folder that have no index one (files that earlier versions wrote
 * with a Bloom filter instead), staged in `tmp`; returns how many. Writers and compaction put
 * a file's index in place before the file itself, so only such files lack one.
 */
export async function indexUnindexedFiles(
  connection: DuckDBConnection,
  dir: string,
  tmp: string,
): Promise<number> {
  const names = new Set((await listDir(dir)).map((e) => e.name))
  const missing = [...names].filter((n) => isDataFile(n) && !names.has(basename(indexPathOf(n))))
  for (const name of missing) {
    const staged = join(tmp, basename(indexPathOf(name)))
    try {
      await writeDurably(staged, await indexParquetFile(connection, join(dir, name)))
      await rename(staged, indexPathOf(join(dir, name)))
    } finally {
      await rm(staged, { force: true })
    }
  }
  if (missing.length > 0) {
    await fsyncPath(dir)
    noteLakeChange()
  }
  return missing.length
}

/**
 * The sidecar index of a written file, computed in SQL from the file itself: each indicator
 * value with its row count and chunks ({@link rowGroupRows} rows in file order), and each
 * chunk's `p_event_time` range.
 */
export async function indexParquetFile(
  connection: DuckDBConnection,
  parquet: string,
): Promise<Uint8Array> {
  const source = `read_parquet(${sqlString(parquet)}, file_row_number=true)`
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)
  const names = described.getRows().map((r) => String(r[0]))
  const columns = names.filter(isIndicatorColumn)
  const time = names.includes('p_event_time') ? 'p_event_time' : 'NULL::TIMESTAMP'
  const chunk = `file_row_number // ${String(rowGroupRows)}`
  // A chunk is bounded only when every row has a time: count(time) = count(*).
  const chunks = await connection.runAndReadAll(
    `SELECT ${chunk} AS chunk, strftime(min(${time}), '%Y-%m-%d %H:%M:%S.%f') AS min_time, ` +
      `strftime(max(${time}), '%Y-%m-%d %H:%M:%S.%f') AS max_time, ` +
      `count(${time}) = count(*) AS bounded FROM ${source} GROUP BY chunk ORDER BY chunk`,
  )
  const values = columns.map(
    (c, at) =>
      `SELECT ${String(at)} AS k, unnest(list_distinct(${sqlIdent(c)}::VARCHAR[])) AS v, ` +
      `${chunk} AS chunk, ${time} AS t FROM ${source}`,
  )
  // Rows without a time never match a search's time filter, so only timed rows count.
  const entries =
    values.length === 0
      ? []
      : (
          await connection.runAndReadAll(
            `SELECT k, v, count(t) AS n, list(DISTINCT chunk) AS chunks ` +
              `FROM (${values.join(' UNION ALL ')}) WHERE v IS NOT NULL GROUP BY k, v`,
          )
        )
          .getRowObjectsJS()
          .map((r): IndexEntry => ({
            key: indicatorKey(Number(r.k), typeof r.v === 'string' ? r.v : ''),
            count: Number(r.n),
            chunks: (Array.isArray(r.chunks) ? r.chunks.map(Number) : []).sort((a, b) => a - b),
          }))
  const logType = names.includes('p_log_type')
    ? (await connection.runAndReadAll(`SELECT any_value(p_log_type) AS t FROM ${source}`))
        .getRowObjectsJS()
        .map((r) => r.t)[0]
    : undefined
  return IndicatorIndex.encode(
    columns,
    chunks.getRowObjectsJS().map((row) => ({
      min: typeof row.min_time === 'string' ? row.min_time : undefined,
      max: typeof row.max_time === 'string' ? row.max_time : undefined,
      bounded: row.bounded === true,
    })),
    entries,
    typeof logType === 'string' ? logType : undefined,
  )
}
