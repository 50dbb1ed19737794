import { existsSync } from 'node:fs'
import { readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventRecord, LakeTable } from '../core/index.js'
import { silentLogger } from '../platform/telemetry/index.js'
import { openCompactor, type CompactionStep, type Compactor } from './compaction.js'
import { RecordingMetrics, tempDir } from './fixtures/lake-fixtures.js'
import { candidateFiles } from './indicator-pruning.js'
import { searchIndicators } from './indicator-search.js'
import { journalName } from './lake-files.js'
import { createParquetLake, openLakeReader, type LakeReader, type ParquetLake } from './index.js'

const table: LakeTable = {
  database: 'logs',
  name: 'compact_me',
  columns: [
    { name: 'p_event_time', type: { kind: 'timestamp' } },
    { name: 'p_row_id', type: { kind: 'string' } },
    { name: 'n', type: { kind: 'bigint' } },
    { name: 'p_any_ip_addresses', type: { kind: 'array', element: { kind: 'string' } } },
  ],
}
const hourDir = 'logs/compact_me/year=2024/month=05/day=06/hour=07'
const countSql =
  'SELECT count(*)::BIGINT AS n, count(DISTINCT p_row_id)::BIGINT AS d FROM panther_logs.compact_me'

let root: string
let removeRoot: () => Promise<void>
let lake: ParquetLake
const open: { close(): Promise<void> }[] = []

beforeEach(async () => {
  const dir = await tempDir()
  root = dir.path
  removeRoot = dir.remove
  lake = await createParquetLake({
    root,
    flushIntervalMs: 60_000,
    maxBufferRows: 1_000_000,
    logger: silentLogger(),
    metrics: new RecordingMetrics(),
  })
})

afterEach(async () => {
  for (const closable of open.splice(0).reverse()) await closable.close()
  await lake.close()
  await removeRoot()
})

function rows(file: number, count: number): EventRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    p_event_time: `2024-05-06 07:${String(i % 60).padStart(2, '0')}:00`,
    p_row_id: `f${String(file)}-${String(i)}`,
    n: i,
    p_any_ip_addresses: [`10.${String(file)}.0.${String(i % 250)}`],
  }))
}

/** Writes `files` flushes, one Parquet file each, into the same hour. */
async function writeFiles(files: number, perFile: number, first = 0): Promise<void> {
  for (let f = first; f < first + files; f++) {
    await Promise.all([lake.write(table, rows(f, perFile)), lake.flush()])
  }
}

async function parquetFiles(): Promise<string[]> {
  return (await readdir(join(root, hourDir))).filter((n) => n.endsWith('.parquet')).sort()
}

async function indexFiles(): Promise<string[]> {
  return (await readdir(join(root, hourDir))).filter((n) => n.endsWith('.index')).sort()
}

const ip = (value: string) => [{ column: 'p_any_ip_addresses', value }]

async function compactor(graceMs: number): Promise<Compactor> {
  const opened = await openCompactor({ root, minFiles: 2, graceMs, logger: silentLogger() })
  open.push(opened)
  return opened
}

async function reader(): Promise<LakeReader> {
  const opened = await openLakeReader({ root })
  open.push(opened)
  return opened
}

async function counts(r: LakeReader): Promise<{ n: number; d: number }> {
  const [row] = await r.query(countSql)
  return { n: Number(row?.n), d: Number(row?.d) }
}

describe('openCompactor', () => {
  it('merges an hour of small files into one with the same rows', async () => {
    await writeFiles(6, 50)
    expect(await parquetFiles()).toHaveLength(6)
    const r = await reader()
    const before = await r.query('SELECT p_row_id, n FROM panther_logs.compact_me ORDER BY 1')
    const report = await (await compactor(0)).runOnce()
    expect(report).toMatchObject({ compacted: [hourDir], filesMerged: 6 })
    expect(await parquetFiles()).toHaveLength(1)
    expect(existsSync(join(root, hourDir, journalName))).toBe(false)
    expect(await r.query('SELECT p_row_id, n FROM panther_logs.compact_me ORDER BY 1')).toEqual(
      before,
    )
  })

  it("gives the merged file an index of its indicators and drops the inputs' ones", async () => {
    await writeFiles(3, 20)
    expect(await indexFiles()).toHaveLength(3)
    // A Bloom filter sidecar of an earlier version goes with its file.
    const [first] = await parquetFiles()
    const legacy = join(root, hourDir, (first ?? '').replace('.parquet', '.bloom'))
    await writeFile(legacy, 'old')
    await (await compactor(0)).runOnce()
    const [merged] = await parquetFiles()
    expect(await indexFiles()).toEqual([merged?.replace('.parquet', '.index')])
    expect(existsSync(legacy)).toBe(false)
    const since = new Date('2024-01-01T00:00:00Z')
    const found = await candidateFiles(root, ip('10.2.0.7'), since)
    expect(found.get('compact_me')).toMatchObject([
      { path: join(root, hourDir, merged ?? ''), ranges: 'all' },
    ])
    expect(await candidateFiles(root, ip('10.9.0.7'), since)).toEqual(new Map())
  })

  it('orders the merged file by time and indexes each row group', async () => {
    // Three interleaved files: file f holds the seconds f, f+3, f+6 … of the hour.
    const perFile = 12_000
    for (let f = 0; f < 3; f++) {
      const batch = Array.from({ length: perFile }, (_, i) => {
        const tick = i * 3 + f
        const time = new Date(Date.UTC(2024, 4, 6, 7) + tick * 50).toISOString()
        const ip = tick === 20_000 ? '198.51.100.9' : `10.${String(f)}.0.${String(i % 250)}`
        return {
          p_event_time: time,
          p_row_id: `t${String(tick)}`,
          n: tick,
          p_any_ip_addresses: [ip],
        }
      })
      await Promise.all([lake.write(table, batch), lake.flush()])
    }
    await (await compactor(0)).runOnce()
    const [merged] = await parquetFiles()
    const found = await candidateFiles(root, ip('198.51.100.9'), new Date('2024-01-01T00:00:00Z'))
    const [file] = found.get('compact_me') ?? []
    expect(file?.path).toBe(join(root, hourDir, merged ?? ''))
    expect(file?.ranges).toHaveLength(1)
    const r = await reader()
    const hit = await searchIndicators(r, ['198.51.100.9'], { since: '5000 days', lakeRoot: root })
    expect(hit.events.map((e) => e.p_row_id)).toEqual(['t20000'])
    const groups = await r.query(
      `SELECT stats_min, stats_max FROM parquet_metadata('${file?.path ?? ''}') ` +
        "WHERE path_in_schema = 'p_event_time' ORDER BY row_group_id",
    )
    for (let i = 1; i < groups.length; i++) {
      expect(String(groups[i]?.stats_min) >= String(groups[i - 1]?.stats_max)).toBe(true)
    }
  })

  it('leaves partitions below the file threshold alone', async () => {
    await writeFiles(1, 10)
    const c = await openCompactor({ root, minFiles: 2, graceMs: 0 })
    open.push(c)
    expect(await c.runOnce()).toEqual({
      compacted: [],
      sealed: [],
      filesMerged: 0,
      recovered: [],
      indexed: 0,
    })
    expect(await parquetFiles()).toHaveLength(1)
  })

  it('indexes files that an earlier version wrote with a Bloom filter instead', async () => {
    await writeFiles(1, 30)
    const [file = ''] = await parquetFiles()
    const index = join(root, hourDir, file.replace('.parquet', '.index'))
    await rm(index)
    await writeFile(index.replace('.index', '.bloom'), 'old')
    const since = new Date('2024-01-01T00:00:00Z')
    // Without an index the file is read whole.
    expect((await candidateFiles(root, ip('10.0.0.7'), since)).get('compact_me')).toEqual([
      { path: join(root, hourDir, file), ranges: 'all' },
    ])
    const c = await openCompactor({ root, minFiles: 2, graceMs: 0 })
    open.push(c)
    expect(await c.runOnce()).toMatchObject({ compacted: [], indexed: 1 })
    expect(await indexFiles()).toEqual([file.replace('.parquet', '.index')])
    expect(await candidateFiles(root, ip('10.9.9.9'), since)).toEqual(new Map())
    const r = await reader()
    const pruned = await searchIndicators(r, ['10.0.0.7'], { since: '5000 days', lakeRoot: root })
    expect(pruned.counts).toEqual([{ logType: 'compact_me', count: 1 }])
    expect(pruned.events.map((e) => e.p_row_id)).toEqual(['f0-7'])
    expect(await c.runOnce()).toMatchObject({ indexed: 0 })
  })

  it('never shows queries a dip or a duplicate while compacting under writes', async () => {
    await writeFiles(12, 200)
    const r = await reader()
    const c = await compactor(50)
    const seen: { n: number; d: number }[] = []
    const state = { stop: false }
    const loop = (async () => {
      while (!state.stop) seen.push(await counts(r))
    })()
    // Two passes, with more small files landing between and during them.
    const writes = writeFiles(6, 200, 100)
    await c.runOnce()
    await writes
    await c.runOnce()
    state.stop = true
    await loop
    const final = await counts(r)
    expect(final).toEqual({ n: 18 * 200, d: 18 * 200 })
    expect(seen.length).toBeGreaterThan(3)
    for (const [i, s] of seen.entries()) {
      expect(s.n).toBe(s.d)
      expect(s.n).toBeGreaterThanOrEqual(12 * 200)
      expect(s.n).toBeLessThanOrEqual(18 * 200)
      if (i > 0) expect(s.n).toBeGreaterThanOrEqual(seen[i - 1]?.n ?? 0)
    }
    expect(await parquetFiles()).toHaveLength(1)
  })

  const steps: CompactionStep[] = ['staged', 'journaled', 'switched', 'inputsRemoved']
  it.each(steps)('stays readable and duplicate-free after a crash once %s', async (step) => {
    await writeFiles(5, 100)
    const crashed = await openCompactor({ root, minFiles: 2, graceMs: 0 })
    await crashed.runOnce({ crashAfter: step })
    // The process dies here: nothing of the compactor runs any more.
    await crashed.close()
    const journaled = existsSync(join(root, hourDir, journalName))
    expect(journaled).toBe(step !== 'staged')
    const r = await reader()
    expect(await counts(r)).toEqual({ n: 500, d: 500 })
    const filesAfterCrash = (await parquetFiles()).length
    expect(filesAfterCrash).toBe({ staged: 5, journaled: 5, switched: 6, inputsRemoved: 1 }[step])

    const restarted = await compactor(0)
    const recovery = await restarted.runOnce()
    expect(recovery.recovered).toEqual(journaled ? [hourDir] : [])
    expect(await counts(r)).toEqual({ n: 500, d: 500 })
    await restarted.runOnce()
    expect(await parquetFiles()).toHaveLength(1)
    expect(existsSync(join(root, hourDir, journalName))).toBe(false)
    expect(await counts(r)).toEqual({ n: 500, d: 500 })
  })

  describe('sealing closed hours', () => {
    async function sealer(afterMs: number): Promise<Compactor> {
      const opened = await openCompactor({
        root,
        minFiles: 8,
        graceMs: 0,
        seal: { afterMs },
      })
      open.push(opened)
      return opened
    }

    async function zstdLevels(r: LakeReader): Promise<string[]> {
      const found = await r.query(
        `SELECT DISTINCT compression FROM parquet_metadata('${join(root, hourDir)}/*.parquet')`,
      )
      return found.map((row) => String(row.compression))
    }

    it('rewrites a closed hour once into a sealed file with the same rows', async () => {
      // Fewer files than minFiles: only sealing touches them.
      await writeFiles(3, 40)
      const r = await reader()
      const before = await r.query('SELECT * FROM panther_logs.compact_me ORDER BY p_row_id')
      const c = await sealer(0)
      const report = await c.runOnce()
      expect(report).toMatchObject({ compacted: [hourDir], sealed: [hourDir], filesMerged: 3 })
      const files = await parquetFiles()
      expect(files).toHaveLength(1)
      expect(files[0]).toMatch(/-sealed\.parquet$/)
      expect(await indexFiles()).toEqual([files[0]?.replace('.parquet', '.index')])
      expect(await zstdLevels(r)).toEqual(['ZSTD'])
      expect(await r.query('SELECT * FROM panther_logs.compact_me ORDER BY p_row_id')).toEqual(
        before,
      )
      // A sealed hour is left alone on later passes.
      expect(await c.runOnce()).toMatchObject({ compacted: [], sealed: [] })
      expect(await parquetFiles()).toEqual(files)
    })

    it('seals late events with the small sealed file of their hour', async () => {
      await writeFiles(2, 30)
      const c = await sealer(0)
      await c.runOnce()
      await writeFiles(1, 30, 50)
      expect(await parquetFiles()).toHaveLength(2)
      expect(await c.runOnce()).toMatchObject({ sealed: [hourDir], filesMerged: 2 })
      const files = await parquetFiles()
      expect(files).toHaveLength(1)
      expect(files[0]).toMatch(/-sealed\.parquet$/)
      expect(await counts(await reader())).toEqual({ n: 90, d: 90 })
    })

    it('seals a day of hours per pass, and the rest on the next', async () => {
      const hours = Array.from({ length: 26 }, (_, h) => ({
        p_event_time: new Date(Date.UTC(2024, 4, 1, h)).toISOString(),
        p_row_id: `h${String(h)}`,
        n: h,
        p_any_ip_addresses: ['10.0.0.1'],
      }))
      await Promise.all([lake.write(table, hours), lake.flush()])
      const c = await sealer(0)
      expect((await c.runOnce()).sealed).toHaveLength(24)
      expect((await c.runOnce()).sealed).toHaveLength(2)
      expect((await c.runOnce()).sealed).toHaveLength(0)
      expect(await counts(await reader())).toEqual({ n: 26, d: 26 })
    })

    it('leaves hours that closed less than the delay ago as they are', async () => {
      await writeFiles(3, 10)
      // The fixture hour is in 2024: a delay reaching past now keeps it open.
      const c = await sealer(Date.now())
      expect(await c.runOnce()).toMatchObject({ compacted: [], sealed: [] })
      expect((await parquetFiles()).some((f) => f.endsWith('-sealed.parquet'))).toBe(false)
    })

    it('stores CloudTrail-like text smaller than the writer does', async () => {
      const text = (i: number) =>
        `{"name":"user-${String(i % 37)}","instanceId":"i-0${String((i * 7919) % 4001)}",` +
        `"tags":[{"key":"team","value":"sec${String(i % 5)}"}]}`
      const wide: LakeTable = {
        ...table,
        columns: [...table.columns, { name: 'doc', type: { kind: 'string' } }],
      }
      const batch = rows(0, 20_000).map((row, i) => ({ ...row, doc: text(i) }))
      await Promise.all([lake.write(wide, batch), lake.flush()])
      const r = await reader()
      const size = async () => {
        const [row] = await r.query(
          `SELECT sum(total_compressed_size)::BIGINT AS b FROM parquet_metadata('${join(root, hourDir)}/*.parquet')`,
        )
        return Number(row?.b)
      }
      const written = await size()
      await (await sealer(0)).runOnce()
      expect(await size()).toBeLessThan(written)
      expect(await counts(r)).toEqual({ n: 20_000, d: 20_000 })
    })
  })
})
