import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '../src/app/index.js'
import { loadConfig } from '../src/platform/config/index.js'
import { silentLogger } from '../src/platform/telemetry/index.js'
import { cloudTrailRecords } from './generators/cloudtrail.js'
import { timed, type BenchLine } from './harness.js'

const events = 100_000
const perRequest = 2_000
const inFlight = 4

/** End to end: HTTP POST of NDJSON → parse → detect → alerts → durable Parquet, acknowledged. */
export async function run(): Promise<BenchLine[]> {
  const data = mkdtempSync(join(tmpdir(), 'caracal-bench-ingest-'))
  const bodies: string[] = []
  const records = cloudTrailRecords(events)
  for (let i = 0; i < records.length; i += perRequest) {
    bodies.push(
      records
        .slice(i, i + perRequest)
        .map((r) => JSON.stringify(r))
        .join('\n'),
    )
  }
  const bytes = bodies.reduce((n, b) => n + Buffer.byteLength(b), 0)

  const parseSeconds = await timed(() => {
    for (const body of bodies) for (const line of body.split('\n')) JSON.parse(line)
  })

  const config = loadConfig({ env: process.env, overrides: { data } })
  const server = await serve(config, { demo: false, port: 0 }, silentLogger())
  try {
    const token = server.adminToken ?? ''
    const post = async (body: string) => {
      const response = await fetch(`${server.url}/v1/ingest/cloudtrail`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        body,
      })
      if (!response.ok)
        throw new Error(`ingest failed: ${response.status} ${await response.text()}`)
      await response.json()
    }
    await post(bodies[0] ?? '') // warm up: workers, DuckDB, first partitions
    const queue = bodies.slice(1)
    const seconds = await timed(() =>
      Promise.all(
        Array.from({ length: inFlight }, async () => {
          for (let body = queue.shift(); body !== undefined; body = queue.shift()) await post(body)
        }),
      ),
    )
    const sent = events - perRequest
    return [
      {
        name: 'ingest http→lake (acknowledged, durable)',
        value: sent / seconds,
        unit: 'events/s',
        baseline: {
          name: 'JSON.parse of the same lines',
          value: events / parseSeconds,
          unit: 'events/s',
        },
      },
      {
        name: 'ingest http→lake throughput',
        value: (bytes * (sent / events)) / seconds / 1e6,
        unit: 'MB/s',
        baseline: { name: 'JSON.parse', value: bytes / parseSeconds / 1e6, unit: 'MB/s' },
      },
    ]
  } finally {
    await server.close()
    rmSync(data, { recursive: true, force: true })
  }
}
