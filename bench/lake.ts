import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tableName, type EventRecord, type LakeTable } from '../src/core/index.js'
import { createParquetLake } from '../src/lake/index.js'
import { findLogType, parseBatch } from '../src/logs/index.js'
import { PrometheusMetrics, silentLogger } from '../src/platform/telemetry/index.js'
import { cloudTrailRecords } from './generators/cloudtrail.js'
import { timed, type BenchLine } from './harness.js'

const events = 100_000
const perWrite = 2_000

/**
 * Lake writer throughput: normalized CloudTrail events (parsed by the real log type, untimed)
 * written to the lake until durable, against the raw cost of serializing the same rows to an
 * NDJSON file with fs (stringify, write, fsync).
 */
export async function run(): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'caracal-bench-lake-'))
  try {
    const logType = findLogType('AWS.CloudTrail')
    const table: LakeTable = {
      database: 'logs',
      name: tableName(logType.name),
      columns: logType.columns,
    }
    const raw = cloudTrailRecords(events + perWrite).map((r) => JSON.stringify(r))
    const { events: rows } = parseBatch(logType, raw, {
      batchId: 'bench',
      sourceId: 'bench',
      sourceLabel: 'bench',
      now: new Date('2026-11-01T12:00:00Z'),
    })
    const warmUp = rows.slice(0, perWrite)
    const measured = rows.slice(perWrite)

    const ndjsonPath = join(dir, 'baseline.ndjson')
    const baselineSeconds = await timed(() => writeNdjson(ndjsonPath, measured))

    const lakeRoot = join(dir, 'lake')
    const lake = await createParquetLake({
      root: lakeRoot,
      flushIntervalMs: 1_000,
      maxBufferRows: 20_000,
      logger: silentLogger(),
      metrics: new PrometheusMetrics(),
    })
    let lakeSeconds: number
    try {
      // Warm up DuckDB and the first partition folders outside the measurement.
      await Promise.all([lake.write(table, warmUp), lake.flush()])
      lakeSeconds = await timed(async () => {
        const writes: Promise<void>[] = []
        for (let i = 0; i < measured.length; i += perWrite) {
          writes.push(lake.write(table, measured.slice(i, i + perWrite)))
        }
        await Promise.all([...writes, lake.flush()])
      })
    } finally {
      await lake.close()
    }

    const ndjsonBytes = statSync(ndjsonPath).size
    const parquetBytes = sizeOf(join(lakeRoot, 'logs'))
    return [
      {
        name: `lake write ${String(measured.length)} CloudTrail rows (durable)`,
        value: measured.length / lakeSeconds,
        unit: 'rows/s',
        baseline: {
          name: 'JSON.stringify + NDJSON write + fsync',
          value: measured.length / baselineSeconds,
          unit: 'rows/s',
        },
      },
      {
        name: 'lake size on disk (ZSTD Parquet, incl. warm-up rows)',
        value: parquetBytes / 1e6,
        unit: 'MB',
        baseline: { name: 'NDJSON of the measured rows', value: ndjsonBytes / 1e6, unit: 'MB' },
      },
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function writeNdjson(path: string, rows: readonly EventRecord[]): Promise<void> {
  const handle = await open(path, 'w')
  try {
    await handle.write(rows.map((r) => JSON.stringify(r)).join('\n') + '\n')
    await handle.sync()
  } finally {
    await handle.close()
  }
}

function sizeOf(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => statSync(join(dir, f)))
    .filter((s) => s.isFile())
    .reduce((sum, s) => sum + s.size, 0)
}
