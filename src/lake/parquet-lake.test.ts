import { existsSync, readdirSync, statSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DuckDBInstance, type Json } from '@duckdb/node-api'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError, type EventRecord, type LakeTable } from '../core/index.js'
import {
  RecordingMetrics,
  recordingLogger,
  tempDir,
  testTable,
  type LogLine,
} from './fixtures/lake-fixtures.js'
import { createParquetLake, type ParquetLake } from './index.js'

let root: string
let removeRoot: () => Promise<void>
let metrics: RecordingMetrics
let lines: LogLine[]
const opened: ParquetLake[] = []

beforeEach(async () => {
  const dir = await tempDir()
  root = dir.path
  removeRoot = dir.remove
  metrics = new RecordingMetrics()
  lines = []
})

afterEach(async () => {
  await Promise.allSettled(opened.splice(0).map((lake) => lake.close()))
  await removeRoot()
})

async function openLake(flushIntervalMs = 60_000, maxBufferRows = 10_000): Promise<ParquetLake> {
  const lake = await createParquetLake({
    root,
    flushIntervalMs,
    maxBufferRows,
    logger: recordingLogger(lines),
    metrics,
  })
  opened.push(lake)
  return lake
}

/** Parquet files under a table, relative to the root, sorted. */
function parquetFiles(table = 'test_events', database = 'logs'): string[] {
  const dir = join(root, database, table)
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.parquet'))
    .map((f) => `${database}/${table}/${f}`)
    .sort()
}

/** Files (not folders) under `<root>/.tmp`, relative to it. */
function tempFiles(): string[] {
  const tmp = join(root, '.tmp')
  return readdirSync(tmp, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(tmp, f)).isFile())
    .sort()
}

/** Reads Parquet with a DuckDB of its own, as any other tool would. */
async function readBack(sql: string): Promise<Record<string, Json>[]> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    const reader = await connection.runAndReadAll(sql.replaceAll('$ROOT', root))
    return reader.getRowObjectsJson()
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

const allRows = "read_parquet('$ROOT/logs/test_events/**/*.parquet')"

describe('ParquetLake', () => {
  it('writes each hour into its hive folder as ZSTD Parquet and the values read back', async () => {
    const lake = await openLake(20)
    const rows: EventRecord[] = [
      {
        p_event_time: '2024-01-02 03:04:05.678',
        id: 1,
        message: 'first',
        score: 1.5,
        ok: true,
        detail: { nested: [1, { deep: true }] },
        user: {
          name: 'alice',
          'odd "field" name': 7,
          session: { started: '2024-01-02T02:00:00Z' },
        },
        tags: ['a', 'b'],
        resources: [{ arn: 'arn:aws:s3:::bucket' }],
        not_a_column: 'ignored',
      },
      {
        p_event_time: '2024-01-02T04:15:00Z',
        id: '9007199254740993',
        message: 'second',
        detail: 'just a string',
        ok: 'false',
        tags: [],
      },
      // 05:30 at +02:00 is 03:30 UTC: same partition as the first row.
      { p_event_time: '2024-01-02T05:30:00.5+02:00', id: 3, detail: [1, 2, 3], score: '2.25' },
    ]
    await lake.write(testTable, rows)

    const files = parquetFiles()
    expect(files).toHaveLength(2)
    const name = /^\d{8}T\d{6}-[0-9A-Z]{26}\.parquet$/
    expect(files[0]).toMatch(/^logs\/test_events\/year=2024\/month=01\/day=02\/hour=03\//)
    expect(files[1]).toMatch(/^logs\/test_events\/year=2024\/month=01\/day=02\/hour=04\//)
    expect(files.map((f) => f.split('/').at(-1))).toEqual([
      expect.stringMatching(name),
      expect.stringMatching(name),
    ])

    const compression = await readBack(
      `SELECT DISTINCT compression FROM parquet_metadata('$ROOT/${files[0] ?? ''}')`,
    )
    expect(compression).toEqual([{ compression: 'ZSTD' }])

    const back = await readBack(
      `SELECT id::VARCHAR AS id, typeof(p_event_time) AS time_type,
        strftime(p_event_time, '%Y-%m-%d %H:%M:%S.%g') AS time, message, score, ok,
        typeof(detail) AS detail_type, detail::VARCHAR AS detail, user, tags, resources
       FROM ${allRows} ORDER BY id::BIGINT`,
    )
    expect(back).toEqual([
      {
        id: '1',
        time_type: 'TIMESTAMP',
        time: '2024-01-02 03:04:05.678',
        message: 'first',
        score: 1.5,
        ok: true,
        detail_type: 'JSON',
        detail: '{"nested":[1,{"deep":true}]}',
        user: {
          name: 'alice',
          'odd "field" name': '7',
          session: { started: '2024-01-02 02:00:00' },
        },
        tags: ['a', 'b'],
        resources: [{ arn: 'arn:aws:s3:::bucket' }],
      },
      {
        id: '3',
        time_type: 'TIMESTAMP',
        time: '2024-01-02 03:30:00.500',
        message: null,
        score: 2.25,
        ok: null,
        detail_type: 'JSON',
        detail: '[1,2,3]',
        user: null,
        tags: null,
        resources: null,
      },
      {
        id: '9007199254740993',
        time_type: 'TIMESTAMP',
        time: '2024-01-02 04:15:00.000',
        message: 'second',
        score: null,
        ok: false,
        detail_type: 'JSON',
        detail: '"just a string"',
        user: null,
        tags: [],
        resources: null,
      },
    ])
  })

  it('nulls out values of the wrong shape without losing the rest of the batch', async () => {
    const lake = await openLake(20)
    const before = new Date().toISOString()
    await lake.write(testTable, [
      {
        p_event_time: 'not a time',
        p_parse_time: '2024-03-04 05:06:07.000',
        id: 'abc',
        message: { obj: 1 },
        score: 'NaN?',
        ok: 'maybe',
        user: 'not an object',
        tags: 'not an array',
        resources: [{ arn: 5 }, 'x', null],
      },
      {
        p_event_time: '2024-13-45 99:00:00',
        id: 1e30,
        message: 42,
        score: Infinity,
        detail: { big: 1n, text: 'lone \ud800 surrogate' },
        user: { name: ['x'], 'odd "field" name': '12', session: 'nope' },
        tags: [1, true, null, { a: 1 }],
      },
      { p_event_time: '2024-03-04 05:59:59.999', id: 5, message: 'good', ok: 1 },
    ])
    const after = new Date().toISOString()

    const hours = parquetFiles().map((f) => f.split('/').slice(2, 6).join('/'))
    const nowHours = [before, after].map(
      (t) =>
        `year=${t.slice(0, 4)}/month=${t.slice(5, 7)}/day=${t.slice(8, 10)}/hour=${t.slice(11, 13)}`,
    )
    // The row without any valid time goes to the hour it was written in.
    expect(hours).toHaveLength(2)
    expect(hours).toContain('year=2024/month=03/day=04/hour=05')
    expect(nowHours).toContain(hours.find((h) => !h.startsWith('year=2024/month=03')))

    const back = await readBack(
      `SELECT p_event_time, id, message, score, ok, detail::VARCHAR AS detail, user, tags, resources
       FROM ${allRows} ORDER BY message`,
    )
    expect(back).toEqual([
      {
        p_event_time: null,
        id: null,
        message: '42',
        score: null,
        ok: null,
        detail: '{"big":"1","text":"lone \uFFFD surrogate"}',
        user: { name: '["x"]', 'odd "field" name': '12', session: null },
        tags: ['1', 'true', null, '{"a":1}'],
        resources: null,
      },
      {
        p_event_time: '2024-03-04 05:59:59.999',
        id: '5',
        message: 'good',
        score: null,
        ok: true,
        detail: null,
        user: null,
        tags: null,
        resources: null,
      },
      {
        p_event_time: null,
        id: null,
        message: '{"obj":1}',
        score: null,
        ok: null,
        detail: null,
        user: null,
        tags: null,
        resources: [{ arn: '5' }, null, null],
      },
    ])
  })

  it('resolves write only once the file is in its partition', async () => {
    const lake = await openLake()
    let filesWhenResolved: string[] | undefined
    const written = lake.write(testTable, [{ p_event_time: '2024-01-02 03:00:00', id: 1 }])
    void written.then(() => (filesWhenResolved = parquetFiles()))

    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(filesWhenResolved).toBeUndefined()
    expect(parquetFiles()).toEqual([])

    await lake.flush()
    await written
    expect(filesWhenResolved).toHaveLength(1)
  })

  it('flushes a partition as soon as it holds maxBufferRows', async () => {
    const lake = await openLake(60_000, 2)
    const rows = [1, 2, 3, 4].map((id) => ({ p_event_time: '2024-01-02 03:00:00', id }))
    await lake.write(testTable, rows)
    expect(parquetFiles()).toHaveLength(2)
    expect(await readBack(`SELECT count(*)::INTEGER AS n FROM ${allRows}`)).toEqual([{ n: 4 }])
  })

  it('lands concurrent writes to one table exactly once', async () => {
    const lake = await openLake(15, 7)
    const writes = Array.from({ length: 50 }, (_, w) =>
      lake.write(
        testTable,
        Array.from({ length: 20 }, (_, i) => ({
          p_event_time: `2024-01-02 0${String((w + i) % 3)}:00:00`,
          id: w * 20 + i,
        })),
      ),
    )
    await Promise.all(writes)
    const counts = await readBack(
      `SELECT count(*)::INTEGER AS n, count(DISTINCT id)::INTEGER AS ids,
        min(id)::INTEGER AS lo, max(id)::INTEGER AS hi FROM ${allRows}`,
    )
    expect(counts).toEqual([{ n: 1000, ids: 1000, lo: 0, hi: 999 }])
    expect(metrics.total('eventsIn')).toBe(1000)
    expect(metrics.total('eventsOut')).toBe(1000)
    expect(metrics.calls.filter((c) => c[0] === 'queueDepth').at(-1)).toEqual([
      'queueDepth',
      'lake_buffer',
      0,
    ])
  })

  it('flushes on close, then refuses writes', async () => {
    const lake = await openLake()
    const written = lake.write(testTable, [{ p_event_time: '2024-01-02 03:00:00', id: 1 }])
    await lake.close()
    await written
    expect(parquetFiles()).toHaveLength(1)
    await expect(lake.write(testTable, [{ id: 2 }])).rejects.toMatchObject({
      code: 'SHUTTING_DOWN',
    })
    expect(readdirSync(join(root, '.tmp'))).toEqual([])
  })

  it('clears stale temp files on start and leaves none behind', async () => {
    const tmp = join(root, '.tmp')
    const deadWriter = join(tmp, '999999999-01ARZ3NDEKTSV4RRFFQ69G5FAV')
    const liveWriter = join(tmp, `${String(process.ppid)}-01ARZ3NDEKTSV4RRFFQ69G5FAV`)
    await mkdir(deadWriter, { recursive: true })
    await mkdir(liveWriter, { recursive: true })
    await writeFile(join(tmp, 'stale.parquet'), 'partial')
    await writeFile(join(deadWriter, 'stale.ndjson'), '{}\n')
    await writeFile(join(liveWriter, 'busy.ndjson'), '{}\n')

    const lake = await openLake(10)
    // Another running process (our parent stands in for it) keeps its in-flight files.
    expect(tempFiles()).toEqual([`${String(process.ppid)}-01ARZ3NDEKTSV4RRFFQ69G5FAV/busy.ndjson`])
    await lake.write(testTable, [{ p_event_time: '2024-01-02 03:00:00', id: 1 }])
    expect(tempFiles()).toHaveLength(1)
    await lake.close()
    expect(readdirSync(tmp)).toEqual([`${String(process.ppid)}-01ARZ3NDEKTSV4RRFFQ69G5FAV`])
  })

  it('rejects with LAKE_WRITE_FAILED, logs and counts when a flush fails', async () => {
    const lake = await openLake(10)
    // A file where the table folder should be makes creating the partition fail.
    await mkdir(join(root, 'logs'), { recursive: true })
    await writeFile(join(root, 'logs', 'test_events'), 'in the way')

    const error: unknown = await lake
      .write(testTable, [{ p_event_time: '2024-01-02 03:00:00', id: 1 }])
      .catch((err: unknown) => err)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'LAKE_WRITE_FAILED' })
    expect((error as AppError).cause).toBeInstanceOf(Error)
    expect(metrics.calls).toContainEqual([
      'errors',
      'lake',
      'logs.test_events',
      'LAKE_WRITE_FAILED',
      1,
    ])
    expect(lines.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual([
      'Lake flush failed; the rows are not durable',
    ])
    expect(tempFiles()).toEqual([])
    await expect(lake.flush()).resolves.toBeUndefined()
  })

  it('keeps the first of columns whose names differ only by case', async () => {
    const lake = await openLake(10)
    const table: LakeTable = {
      database: 'rules',
      name: 'dupes',
      columns: [
        { name: 'p_event_time', type: { kind: 'timestamp' } },
        { name: 'value', type: { kind: 'string' } },
        { name: 'Value', type: { kind: 'bigint' } },
      ],
    }
    await lake.write(table, [{ p_event_time: '2024-01-02 03:00:00', value: 'kept', Value: 1 }])
    const back = await readBack(
      `SELECT * FROM read_parquet('$ROOT/rules/dupes/**/*.parquet', hive_partitioning=false)`,
    )
    expect(back).toEqual([{ p_event_time: '2024-01-02 03:00:00', value: 'kept' }])
    expect(lines.find((l) => l.level === 'warn')?.fields).toEqual({
      table: 'rules.dupes',
      columns: ['.Value'],
    })
  })
})
