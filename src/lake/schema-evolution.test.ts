import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Column, EventRecord, LakeTable } from '../core/index.js'
import { silentLogger } from '../platform/telemetry/index.js'
import { openCompactor } from './compaction.js'
import { RecordingMetrics, tempDir } from './fixtures/lake-fixtures.js'
import { createParquetLake, openLakeReader, type LakeReader, type ParquetLake } from './index.js'

// A custom log type in three versions: v2 adds a top-level field, v3 a field inside a struct and
// a struct inside a list, as a schema edit in Panther's evolution rules (add, never change) does.
const base: Column[] = [
  { name: 'p_event_time', type: { kind: 'timestamp' } },
  { name: 'p_row_id', type: { kind: 'string' } },
  { name: 'p_log_type', type: { kind: 'string' } },
  { name: 'action', type: { kind: 'string' } },
]
const userV1: Column = {
  name: 'user',
  type: { kind: 'object', fields: [{ name: 'name', type: { kind: 'string' } }] },
}
const userV3: Column = {
  name: 'user',
  type: {
    kind: 'object',
    fields: [
      { name: 'name', type: { kind: 'string' } },
      { name: 'mfa', type: { kind: 'boolean' } },
    ],
  },
}
const hopsV1: Column = {
  name: 'hops',
  type: {
    kind: 'array',
    element: { kind: 'object', fields: [{ name: 'ip', type: { kind: 'string' } }] },
  },
}
const hopsV3: Column = {
  name: 'hops',
  type: {
    kind: 'array',
    element: {
      kind: 'object',
      fields: [
        { name: 'ip', type: { kind: 'string' } },
        { name: 'port', type: { kind: 'bigint' } },
      ],
    },
  },
}
const bytes: Column = { name: 'bytes', type: { kind: 'bigint' } }

const version = (columns: Column[]): LakeTable => ({
  database: 'logs',
  name: 'custom_app',
  columns: [...base, ...columns],
})
const v1 = version([userV1, hopsV1])
const v2 = version([userV1, hopsV1, bytes])
const v3 = version([userV3, hopsV3, bytes])

let root: string
let removeRoot: () => Promise<void>
let lake: ParquetLake
let reader: LakeReader | undefined

beforeEach(async () => {
  const dir = await tempDir()
  root = dir.path
  removeRoot = dir.remove
  lake = await createParquetLake({
    root,
    flushIntervalMs: 60_000,
    maxBufferRows: 10_000,
    logger: silentLogger(),
    metrics: new RecordingMetrics(),
  })
  const row = (id: string, extra: EventRecord): EventRecord => ({
    p_event_time: '2024-03-04 05:06:07',
    p_row_id: id,
    p_log_type: 'Custom.App',
    action: `act-${id}`,
    ...extra,
  })
  const writeNow = (table: LakeTable, rows: EventRecord[]) =>
    Promise.all([lake.write(table, rows), lake.flush()])
  await writeNow(v1, [row('a', { user: { name: 'ann' }, hops: [{ ip: '10.0.0.1' }] })])
  await writeNow(v2, [row('b', { user: { name: 'bob' }, hops: [{ ip: '10.0.0.2' }], bytes: 20 })])
  await writeNow(v3, [
    row('c', {
      user: { name: 'cyd', mfa: true },
      hops: [{ ip: '10.0.0.3', port: 443 }],
      bytes: 30,
    }),
  ])
})

afterEach(async () => {
  await reader?.close()
  await lake.close()
  await removeRoot()
})

const selectAll =
  'SELECT p_row_id, bytes, user.name AS name, user.mfa AS mfa, hops[1].ip AS ip, ' +
  'hops[1].port AS port FROM panther_logs.custom_app ORDER BY p_row_id'
const expected = [
  { p_row_id: 'a', bytes: null, name: 'ann', mfa: null, ip: '10.0.0.1', port: null },
  { p_row_id: 'b', bytes: 20, name: 'bob', mfa: null, ip: '10.0.0.2', port: null },
  { p_row_id: 'c', bytes: 30, name: 'cyd', mfa: true, ip: '10.0.0.3', port: 443 },
]

describe('schema evolution', () => {
  it('queries old and new files together, added top-level and nested fields as null', async () => {
    reader = await openLakeReader({ root })
    expect(await reader.query(selectAll)).toEqual(expected)
    expect(
      await reader.query(
        'SELECT count(*)::INTEGER AS n FROM panther_logs.custom_app WHERE user.mfa IS NULL',
      ),
    ).toEqual([{ n: 2 }])
  })

  it('keeps every field when files of different versions are compacted together', async () => {
    const compactor = await openCompactor({ root, minFiles: 2, graceMs: 0 })
    try {
      expect((await compactor.runOnce()).filesMerged).toBe(3)
    } finally {
      await compactor.close()
    }
    reader = await openLakeReader({ root })
    expect(await reader.query(selectAll)).toEqual(expected)
  })

  it('shows the evolved columns in the union view and information_schema', async () => {
    reader = await openLakeReader({ root })
    const columns = await reader.query(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'panther_logs' " +
        "AND table_name = 'custom_app' AND column_name IN ('bytes', 'user', 'hops') ORDER BY 1",
    )
    expect(columns).toEqual([
      { column_name: 'bytes', data_type: 'BIGINT' },
      { column_name: 'hops', data_type: 'STRUCT(ip VARCHAR, port BIGINT)[]' },
      { column_name: 'user', data_type: 'STRUCT("name" VARCHAR, mfa BOOLEAN)' },
    ])
  })
})
