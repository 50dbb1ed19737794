import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { createGzip } from 'node:zlib'
import { DuckDBInstance } from '@duckdb/node-api'
import { tableName, type EventRecord, type LakeTable } from '../src/core/index.js'
import {
  createParquetLake,
  openCompactor,
  openLakeReader,
  searchIndicators,
} from '../src/lake/index.js'
import { findLogType, parseBatch } from '../src/logs/index.js'
import { PrometheusMetrics, silentLogger } from '../src/platform/telemetry/index.js'
import { cloudTrailLines, needleIp } from './generators/cloudtrail-bulk.js'
import { timed, type BenchLine } from './harness.js'

const defaultEvents = 5_000_000
const chunk = 100_000
const eventsPerGzipFile = 1_000_000
// Queries are timed several times, on both sides alike, and the fastest run kept: a run slowed
// by another process says nothing about either side.
const huntRuns = 3
const searchRuns = 5
// One of the generator's ten accounts: about a tenth of all events.
const commonAccount = '123456789003'

/**
 * The lake on N generated CloudTrail events (`--events=N`, default 5M; seeded): write rate
 * against writing the same normalized events as gzip NDJSON; bytes on disk against that NDJSON; a
 * hunt query against DuckDB reading the NDJSON; an indicator search (through the files' indicator indexes)
 * against the full scan of the same columns. Bytes are measured once compaction has sealed the
 * closed hours, as a running lake does two hours after each hour ends; the sealing pass is timed.
 */
export async function run(): Promise<BenchLine[]> {
  const total = eventCount()
  const dir = mkdtempSync(join(tmpdir(), 'caracal-bench-lake-'))
  try {
    const logType = findLogType('AWS.CloudTrail')
    const table: LakeTable = {
      database: 'logs',
      name: tableName(logType.name),
      columns: logType.columns,
    }
    const now = new Date('2026-11-02T00:00:00Z')
    const events = (from: number): EventRecord[] =>
      parseBatch(logType, cloudTrailLines(from, Math.min(from + chunk, total), total), {
        batchId: `bench-${String(from)}`,
        sourceId: 'bench',
        sourceLabel: 'bench',
        now,
      }).events

    // One pass: each chunk is generated and parsed once (untimed), then written durably to the
    // lake and, as the baseline, to gzip NDJSON files (what Panther stores); each write is timed.
    const gzipDir = join(dir, 'ndjson')
    mkdirSync(gzipDir)
    const lakeRoot = join(dir, 'lake')
    const lake = await createParquetLake({
      root: lakeRoot,
      flushIntervalMs: 60_000,
      maxBufferRows: chunk,
      logger: silentLogger(),
      metrics: new PrometheusMetrics(),
    })
    let lakeSeconds = 0
    let gzipSeconds = 0
    try {
      let gzip: { stream: ReturnType<typeof createGzip>; path: string } | undefined
      let closed: Promise<unknown> = Promise.resolve()
      const closeGzip = async () => {
        if (gzip === undefined) return
        gzip.stream.end()
        await closed
        await fsyncFile(gzip.path)
      }
      for (let from = 0; from < total; from += chunk) {
        const rows = events(from)
        gzipSeconds += await timed(async () => {
          if (from % eventsPerGzipFile === 0) {
            await closeGzip()
            const path = join(gzipDir, `part-${String(from)}.json.gz`)
            const stream = createGzip()
            const file = createWriteStream(path)
            stream.pipe(file)
            closed = once(file, 'close')
            gzip = { stream, path }
          }
          const text = `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`
          if (gzip !== undefined && !gzip.stream.write(text)) await once(gzip.stream, 'drain')
        })
        lakeSeconds += await timed(() => Promise.all([lake.write(table, rows), lake.flush()]))
        process.stderr.write(`\rwritten: ${String(Math.round(((from + chunk) / total) * 100))}%   `)
      }
      gzipSeconds += await timed(closeGzip)
    } finally {
      await lake.close()
    }
    process.stderr.write('\n')
    const writtenBytes = sizeOf(join(lakeRoot, 'logs'))
    // The compactor's defaults, except that every generated hour counts as closed already and
    // no query is running that would need the merged-away files a while longer.
    const compactor = await openCompactor({ root: lakeRoot, graceMs: 0, seal: { afterMs: 0 } })
    let sealedHours = 0
    const sealSeconds = await timed(async () => {
      // A pass seals a day of hours at most; a running lake's passes come every few minutes.
      for (let sealed = -1; sealed !== 0; sealedHours += sealed) {
        sealed = (await compactor.runOnce()).sealed.length
      }
    }).finally(() => compactor.close())
    process.stderr.write(`sealed ${String(sealedHours)} hours\n`)

    const reader = await openLakeReader({ root: lakeRoot })
    const duck = await DuckDBInstance.create(':memory:')
    const plain = await duck.connect()
    try {
      const hunt = (from: string) =>
        `SELECT eventName, count(*)::BIGINT AS n FROM ${from} ` +
        `WHERE eventSource = 'iam.amazonaws.com' AND readOnly = false ` +
        'GROUP BY eventName ORDER BY n DESC, eventName'
      const gzipSource = `read_json('${gzipDir}/*.json.gz', format='newline_delimited')`
      let lakeHunt: Record<string, unknown>[] = []
      await reader.query(hunt('panther_logs.aws_cloudtrail'))
      const lakeHuntSeconds = await fastest(
        huntRuns,
        async () => (lakeHunt = await reader.query(hunt('panther_logs.aws_cloudtrail'))),
      )
      let gzipHunt: unknown[][] = []
      const gzipHuntSeconds = await fastest(
        huntRuns,
        async () => (gzipHunt = (await plain.runAndReadAll(hunt(gzipSource))).getRows()),
      )
      const same =
        JSON.stringify(lakeHunt.map((r) => [r.eventName, Number(r.n)])) ===
        JSON.stringify(gzipHunt.map((r) => [r[0], Number(r[1])]))
      if (!same) process.stderr.write('warning: the hunt query results differ\n')

      const search = { since: '3650 days', limit: 100 }
      let coldHits = 0
      const coldSeconds = await timed(async () => {
        const found = await searchIndicators(reader, [needleIp], { ...search, lakeRoot })
        coldHits = found.counts.reduce((n, c) => n + c.count, 0)
      })
      const warmSeconds = await fastest(searchRuns, () =>
        searchIndicators(reader, [needleIp], { ...search, lakeRoot }),
      )
      let scanHits = 0
      await searchIndicators(reader, [needleIp], search)
      const scanSeconds = await fastest(searchRuns, async () => {
        const found = await searchIndicators(reader, [needleIp], search)
        scanHits = found.counts.reduce((n, c) => n + c.count, 0)
      })
      if (coldHits !== scanHits) process.stderr.write('warning: the indicator searches differ\n')
      // Counts per log type only (limit 0): both sides read the indicator columns alone. Rows
      // cost both sides alike the decoding of every column of each row group holding one.
      const counts = { ...search, limit: 0 }
      await searchIndicators(reader, [needleIp], { ...counts, lakeRoot })
      const countSeconds = await fastest(searchRuns, () =>
        searchIndicators(reader, [needleIp], { ...counts, lakeRoot }),
      )
      await searchIndicators(reader, [needleIp], counts)
      const countScanSeconds = await fastest(searchRuns, () =>
        searchIndicators(reader, [needleIp], counts),
      )

      // A common value (a tenth of the events): the counts still come from the indexes, and the
      // newest rows from the newest files alone.
      const common = { ...search, lakeRoot }
      let commonHits = 0
      const commonSeconds = await fastest(searchRuns, async () => {
        const found = await searchIndicators(reader, [commonAccount], common)
        commonHits = found.counts.reduce((n, c) => n + c.count, 0)
      })
      let commonScanHits = 0
      const commonScanSeconds = await fastest(searchRuns, async () => {
        const found = await searchIndicators(reader, [commonAccount], search)
        commonScanHits = found.counts.reduce((n, c) => n + c.count, 0)
      })
      if (commonHits !== commonScanHits) {
        process.stderr.write('warning: the common value searches differ\n')
      }

      const lakeBytes = sizeOf(join(lakeRoot, 'logs'))
      const gzipBytes = sizeOf(gzipDir)
      const n = `${(total / 1e6).toLocaleString('en-US')}M`
      return [
        {
          name: `lake write ${n} CloudTrail events, durable (chunks of ${String(chunk)})`,
          value: total / lakeSeconds,
          unit: 'events/s',
          baseline: {
            name: 'stringify + gzip NDJSON write + fsync, same events',
            value: total / gzipSeconds,
            unit: 'events/s',
          },
        },
        {
          name: `seal ${String(sealedHours)} closed hours (background rewrite at the default level, 1 thread)`,
          value: total / sealSeconds,
          unit: 'events/s',
          baseline: { name: 'lake write', value: total / lakeSeconds, unit: 'events/s' },
        },
        {
          name: 'bytes on disk, sealed ZSTD Parquet + indexes (target ratio <= 0.5)',
          value: lakeBytes / 1e6,
          unit: 'MB',
          baseline: { name: 'gzip NDJSON', value: gzipBytes / 1e6, unit: 'MB' },
        },
        {
          name: 'bytes on disk as written, before sealing',
          value: writtenBytes / 1e6,
          unit: 'MB',
          baseline: { name: 'gzip NDJSON', value: gzipBytes / 1e6, unit: 'MB' },
        },
        {
          name: `hunt query (filter + group by${same ? '' : ', RESULTS DIFFER'}) (target ratio <= 0.1)`,
          value: lakeHuntSeconds,
          unit: 's',
          baseline: { name: 'DuckDB over the gzip NDJSON', value: gzipHuntSeconds, unit: 's' },
        },
        {
          name: `indicator search ${needleIp}, ${String(coldHits)} hits: counts per log type (target ratio <= 0.05)`,
          value: countSeconds,
          unit: 's',
          baseline: {
            name: 'full scan of the same columns, counts',
            value: countScanSeconds,
            unit: 's',
          },
        },
        {
          name: `indicator search with the matching rows (${String(coldHits)}; every column of their row groups)`,
          value: warmSeconds,
          unit: 's',
          baseline: { name: 'full scan, the same rows', value: scanSeconds, unit: 's' },
        },
        {
          name: `indicator search ${commonAccount}, in ${String(commonHits)} events: counts and the newest 100`,
          value: commonSeconds,
          unit: 's',
          baseline: { name: 'full scan, the same', value: commonScanSeconds, unit: 's' },
        },
        {
          name: 'indicator search, first run (reads every index header)',
          value: coldSeconds,
          unit: 's',
          baseline: { name: 'full scan of p_any_ip_addresses', value: scanSeconds, unit: 's' },
        },
      ]
    } finally {
      plain.closeSync()
      duck.closeSync()
      await reader.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** `--events=N` or `--events N` on the command line, else `CARACAL_BENCH_EVENTS`, else 5M. */
function eventCount(): number {
  const args = process.argv
  const at = args.findIndex((a) => a === '--events' || a.startsWith('--events='))
  const text = at < 0 ? process.env.CARACAL_BENCH_EVENTS : (args[at]?.split('=')[1] ?? args[at + 1])
  const count = text === undefined ? defaultEvents : Number(text.replaceAll('_', ''))
  if (!Number.isInteger(count) || count < chunk) {
    throw new Error(`--events must be a whole number of at least ${String(chunk)}`)
  }
  return count
}

async function fastest(runs: number, fn: () => Promise<unknown>): Promise<number> {
  let best = Infinity
  for (let i = 0; i < runs; i++) best = Math.min(best, await timed(fn))
  return best
}

function sizeOf(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => statSync(join(dir, f)))
    .filter((s) => s.isFile())
    .reduce((sum, s) => sum + s.size, 0)
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
