import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError, type EventRecord, type LakeTable } from '../core/index.js'
import { silentLogger } from '../platform/telemetry/index.js'
import {
  RecordingMetrics,
  recordingLogger,
  tempDir,
  testTable,
  type LogLine,
} from './fixtures/lake-fixtures.js'
import { createParquetLake, openLakeReader, type LakeReader, type ParquetLake } from './index.js'

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
  await writeNow(testTable, [
    {
      p_event_time: '2024-01-02 03:04:05.678',
      id: 1,
      message: 'first',
      score: 0.5,
      ok: true,
      detail: { nested: [1, { deep: true }] },
      user: { name: 'alice', 'odd "field" name': 7, session: { started: '2024-01-02T02:00:00Z' } },
      tags: ['a', 'b'],
    },
    { p_event_time: '2024-01-02T04:00:00Z', id: '9007199254740993', detail: 'text', tags: [] },
    { p_event_time: '2024-01-02 04:30:00', id: 3, detail: [1, null, 'x'] },
  ])
})

afterEach(async () => {
  await reader?.close()
  reader = undefined
  await lake.close()
  await removeRoot()
})

/** Writes and flushes at once: the interval is too long to wait for. */
async function writeNow(target: LakeTable, rows: EventRecord[]): Promise<void> {
  await Promise.all([lake.write(target, rows), lake.flush()])
}

function table(database: LakeTable['database'], name: string): LakeTable {
  return {
    database,
    name,
    columns: [
      { name: 'p_event_time', type: { kind: 'timestamp' } },
      { name: 'v', type: { kind: 'string' } },
    ],
  }
}

describe('openLakeReader', () => {
  it('returns plain JSON values from the table views', async () => {
    reader = await openLakeReader({ root })
    const rows = await reader.query(
      'SELECT id, p_event_time, message, score, ok, detail, user, tags FROM panther_logs.test_events ORDER BY p_event_time',
    )
    expect(rows).toEqual([
      {
        id: 1,
        p_event_time: '2024-01-02 03:04:05.678',
        message: 'first',
        score: 0.5,
        ok: true,
        detail: { nested: [1, { deep: true }] },
        user: {
          name: 'alice',
          'odd "field" name': 7,
          session: { started: '2024-01-02 02:00:00.000' },
        },
        tags: ['a', 'b'],
      },
      {
        id: '9007199254740993',
        p_event_time: '2024-01-02 04:00:00.000',
        message: null,
        score: null,
        ok: null,
        detail: 'text',
        user: null,
        tags: [],
      },
      {
        id: 3,
        p_event_time: '2024-01-02 04:30:00.000',
        message: null,
        score: null,
        ok: null,
        detail: [1, null, 'x'],
        user: null,
        tags: null,
      },
    ])
    const counted = await reader.query(
      "SELECT count(*) AS n, sum(score) AS total, max(p_event_time) - min(p_event_time) AS span FROM panther_logs.test_events WHERE p_event_time >= '2024-01-02 03:00:00'",
    )
    expect(counted).toEqual([
      { n: 3, total: 0.5, span: { months: 0, days: 0, micros: '5154322000' } },
    ])
  })

  it('names schemas as Panther does, with partition columns and panther_views', async () => {
    for (const database of ['rules', 'rule_errors', 'classification_failures'] as const) {
      await writeNow(table(database, `t_${database}`), [
        { p_event_time: '2024-01-02 03:00:00', v: database },
      ])
    }
    reader = await openLakeReader({ root })
    expect(
      await reader.query(
        'SELECT table_schema, table_name FROM information_schema.tables ORDER BY ALL',
      ),
    ).toEqual([
      { table_schema: 'panther_classification_failures', table_name: 't_classification_failures' },
      { table_schema: 'panther_logs', table_name: 'test_events' },
      { table_schema: 'panther_rule_errors', table_name: 't_rule_errors' },
      { table_schema: 'panther_rule_matches', table_name: 't_rules' },
      { table_schema: 'panther_views', table_name: 'all_classification_failures' },
      { table_schema: 'panther_views', table_name: 'all_logs' },
      { table_schema: 'panther_views', table_name: 'all_rule_errors' },
      { table_schema: 'panther_views', table_name: 'all_rule_matches' },
    ])
    const result = await reader.execute('SELECT * FROM panther_rule_matches.t_rules')
    expect(result.columns).toEqual([
      { name: 'p_event_time', type: 'TIMESTAMP' },
      { name: 'v', type: 'VARCHAR' },
      { name: 'day', type: 'INTEGER' },
      { name: 'hour', type: 'INTEGER' },
      { name: 'month', type: 'INTEGER' },
      { name: 'year', type: 'INTEGER' },
    ])
    expect(result.rows).toEqual([
      {
        p_event_time: '2024-01-02 03:00:00.000',
        v: 'rules',
        year: 2024,
        month: 1,
        day: 2,
        hour: 3,
      },
    ])
    expect(
      await reader.query('SELECT p_db_name, p_event_time FROM panther_views.all_rule_errors'),
    ).toEqual([{ p_db_name: 'panther_rule_errors', p_event_time: '2024-01-02 03:00:00.000' }])
  })

  it('expands Panther time macros and reads only the hours asked for', async () => {
    const rows = Array.from({ length: 6 }, (_, h) => ({
      p_event_time: `2024-01-02 0${h}:30:00`,
      v: `h${h}`,
    }))
    await writeNow(table('logs', 'hours'), rows)
    reader = await openLakeReader({ root })
    const between = await reader.query(
      "SELECT v FROM panther_logs.hours WHERE p_occurs_between('2024-01-02 02:00', '2024-01-02 03:59') ORDER BY v",
    )
    expect(between).toEqual([{ v: 'h2' }, { v: 'h3' }])
    const plan = await reader.query(
      "EXPLAIN ANALYZE SELECT count(*) FROM panther_logs.hours h WHERE p_occurs_after('2024-01-02 04:00', h)",
    )
    expect(JSON.stringify(plan)).toMatch(/Total Files Read: 2\b/)
    const all = await reader.query(
      "SELECT count(*) AS n FROM panther_views.all_logs WHERE p_occurs_since('100 weeks')",
    )
    expect(all).toEqual([{ n: 0 }])
  })

  it('sees tables, files and columns written after it opened', async () => {
    reader = await openLakeReader({ root })
    await expect(reader.query('SELECT * FROM panther_logs.late')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    await writeNow(table('logs', 'late'), [{ p_event_time: '2024-01-02 03:00:00', v: 'one' }])
    expect(await reader.query('SELECT v FROM panther_logs.late')).toEqual([{ v: 'one' }])

    const wider: LakeTable = {
      ...table('logs', 'late'),
      columns: [...table('logs', 'late').columns, { name: 'w', type: { kind: 'bigint' } }],
    }
    await writeNow(wider, [{ p_event_time: '2024-01-02 05:00:00', v: 'two', w: 2 }])
    expect(await reader.query('SELECT v, w FROM panther_logs.late ORDER BY v')).toEqual([
      { v: 'one', w: null },
      { v: 'two', w: 2 },
    ])
  })

  it('keeps other tables queryable when one holds an unreadable file', async () => {
    const hour = join(root, 'logs', 'broken', 'year=2024', 'month=01', 'day=01', 'hour=00')
    await mkdir(hour, { recursive: true })
    await writeFile(join(hour, 'x.parquet'), 'not parquet')
    const lines: LogLine[] = []
    reader = await openLakeReader({ root, logger: recordingLogger(lines) })
    expect(await reader.query('SELECT count(*) AS n FROM panther_logs.test_events')).toEqual([
      { n: 3 },
    ])
    expect(lines.map((l) => [l.level, l.msg, l.fields])).toEqual([
      [
        'warn',
        'A lake table cannot be read; its view is left out',
        { err: expect.any(Error) as unknown, view: '"panther_logs"."broken"' },
      ],
    ])
  })

  it('caps results at maxRows and says so', async () => {
    reader = await openLakeReader({ root, maxRows: 5 })
    const result = await reader.execute('SELECT * FROM range(100000)')
    expect(result.rows).toEqual([0, 1, 2, 3, 4].map((range) => ({ range })))
    expect(result.truncated).toBe(true)
    expect(result.columns).toEqual([{ name: 'range', type: 'BIGINT' }])
    expect((await reader.execute('SELECT 1 AS one')).truncated).toBe(false)
  })

  it.each([
    ['a system file', `SELECT * FROM read_csv('/etc/passwd')`, /Permission Error/],
    ['the temp folder', `SELECT * FROM read_text('$ROOT/.tmp/*')`, /Permission Error/],
    ['a path climbing out', `SELECT * FROM read_text('$ROOT/logs/../secret.txt')`, /Permission/],
    ['COPY outside', `COPY (SELECT 1) TO '$ROOT/../x.csv'`, /Permission Error/],
    ['COPY into the lake', `COPY (SELECT 1) TO '$ROOT/logs/x.csv'`, /Only SELECT/],
    ['ATTACH', `ATTACH '$ROOT/../x.db'`, /Permission Error|Only SELECT/],
    ['INSTALL', 'INSTALL httpfs', /Permission Error|Only SELECT/],
    ['SET', 'SET enable_external_access=true', /locked|Only SELECT/],
    ['DDL', 'CREATE TABLE t AS SELECT 1', /Only SELECT/],
    ['dropping a view', 'DROP VIEW panther_logs.test_events', /Only SELECT/],
    ['two statements', 'SELECT 1; SELECT 2', /exactly one/],
    ['bad SQL', 'SELEC 1', /syntax error/],
  ])('refuses %s with VALIDATION_FAILED', async (_name, sql, message) => {
    await writeFile(join(root, 'secret.txt'), 'secret')
    reader = await openLakeReader({ root })
    const error: unknown = await reader
      .query(sql.replaceAll('$ROOT', root))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('VALIDATION_FAILED')
    expect((error as AppError).message).toMatch(message)
    expect(existsSync(join(root, 'logs', 'x.csv'))).toBe(false)
    expect(await reader.query('SELECT count(*) AS n FROM panther_logs.test_events')).toEqual([
      { n: 3 },
    ])
  })

  it('stops a query when its signal aborts and keeps working', async () => {
    reader = await openLakeReader({ root })
    const controller = new AbortController()
    const reason = new Error('took too long')
    setTimeout(() => {
      controller.abort(reason)
    }, 100)
    const started = Date.now()
    await expect(
      reader.query('SELECT count(*) FROM range(1000000000000) a', controller.signal),
    ).rejects.toBe(reason)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(await reader.query('SELECT 1 AS one')).toEqual([{ one: 1 }])
  })

  it('runs queries side by side, answers in order, and refuses writes there too', async () => {
    reader = await openLakeReader({ root })
    const sqls = [1, 2, 3, 4, 5].map(
      (k) => `SELECT ${String(k)} AS k, count(*) AS n FROM panther_logs.test_events`,
    )
    expect(await reader.queryAll(sqls)).toEqual([1, 2, 3, 4, 5].map((k) => [{ k, n: 3 }]))
    await expect(
      reader.queryAll(['SELECT 1 AS one', `COPY (SELECT 1) TO '${root}/logs/x.csv'`]),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    await expect(
      reader.queryAll(['SELECT 1 AS one', "SELECT * FROM read_csv('/etc/passwd')"]),
    ).rejects.toThrow(/Permission Error/)
    expect(existsSync(join(root, 'logs', 'x.csv'))).toBe(false)
    expect(await reader.queryAll(['SELECT 2 AS two'])).toEqual([[{ two: 2 }]])
  })

  it('refuses queries once closed', async () => {
    const closing = await openLakeReader({ root })
    await closing.close()
    await expect(closing.query('SELECT 1')).rejects.toMatchObject({ code: 'SHUTTING_DOWN' })
  })
})
