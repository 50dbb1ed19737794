import type { LakeReader } from '../lake/index.js'

/**
 * A lake reader whose reads first wait for the batches acknowledged before them to reach the
 * lake: HTTP acknowledges once a batch is spooled, and a query sent after the acknowledgement
 * still sees its rows (read-after-acknowledge). Replay deduplication must use the bare reader.
 */
export function settledReader(reader: LakeReader, settled: () => Promise<void>): LakeReader {
  return {
    query: async (sql, signal) => {
      await settled()
      return reader.query(sql, signal)
    },
    execute: async (sql, signal) => {
      await settled()
      return reader.execute(sql, signal)
    },
    queryAll: async (sqls, signal) => {
      await settled()
      return reader.queryAll(sqls, signal)
    },
    scan: async (sql, onChunk, signal) => {
      await settled()
      return reader.scan(sql, onChunk, signal)
    },
    close: () => reader.close(),
  }
}
