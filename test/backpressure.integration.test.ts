import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve } from '../src/app/index.js'
import type { RunningServer } from '../src/cli/index.js'
import { QueryResultsPage, QueryStatus, SourceList } from '../src/contract/index.js'
import type { LakeWriter } from '../src/core/index.js'
import { loadConfig } from '../src/platform/config/index.js'
import { silentLogger } from '../src/platform/telemetry/index.js'
import { cloudTrailEvent } from './helpers/cloudtrail-events.js'
import { tempDir } from './helpers/temp-dir.js'

const maxInFlightBytes = 256 * 1024
const perBatch = 50

/**
 * The real lake behind a deliberately slow writer: writes go one at a time, each after a pause,
 * so the pipeline falls behind senders posting as fast as they can.
 */
function slowLake(lake: LakeWriter, pauseMs: number): LakeWriter {
  let tail = Promise.resolve()
  return {
    write: async (table, rows) => {
      const turn = tail.then(() => new Promise<void>((r) => setTimeout(r, pauseMs)))
      tail = turn
      await turn
      await lake.write(table, rows)
    },
    flush: () => lake.flush(),
    close: () => lake.close(),
  }
}

function batchBody(n: number): string {
  return Array.from({ length: perBatch }, (_, i) =>
    JSON.stringify(cloudTrailEvent({ eventID: `bp-${String(n)}-${String(i)}` })),
  ).join('\n')
}

describe('backpressure: a slow lake writer makes HTTP answer 503 + Retry-After', () => {
  const dir = tempDir('backpressure')
  let server: RunningServer
  const auth = () => ({ authorization: `Bearer ${server.adminToken}` })
  const gauge = async (queue: string) => {
    const text = await (await fetch(`${server.url}/metrics`)).text()
    const match = new RegExp(`caracal_queue_depth\\{queue="${queue}"\\} (\\d+)`).exec(text)
    return Number(match?.[1] ?? NaN)
  }

  beforeAll(async () => {
    const file = join(dir.path, 'caracal.yml')
    writeFileSync(
      file,
      [
        'lake: { flushIntervalMs: 50 }',
        'detections: { workers: 1 }',
        `ingest: { maxInFlightBytes: ${String(maxInFlightBytes)}, retryAfterSeconds: 1 }`,
        'sources:',
        '  cloudtrail: { type: http, logType: AWS.CloudTrail }',
        '',
      ].join('\n'),
    )
    const config = loadConfig({ file, env: {}, overrides: { data: join(dir.path, 'data') } })
    server = await serve(config, { demo: false, port: 0 }, silentLogger(), {
      lake: (lake) => slowLake(lake, 40),
    })
  })

  afterAll(async () => {
    await server.close()
    dir.remove()
  })

  it('refuses instead of buffering, keeps the bound, then takes requests again with none lost', async () => {
    const acked = new Set<number>()
    const refusals: { retryAfter: string | null; code: string }[] = []
    let next = 0
    const send = async (n: number) => {
      const response = await fetch(`${server.url}/v1/ingest/cloudtrail`, {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/x-ndjson' },
        body: batchBody(n),
      })
      if (response.ok) acked.add(n)
      else {
        const body = (await response.json()) as { error: { code: string } }
        expect(response.status).toBe(503)
        refusals.push({ retryAfter: response.headers.get('retry-after'), code: body.error.code })
      }
      return response.status
    }
    const bodyBytes = Buffer.byteLength(batchBody(0))
    // Four senders post as fast as they can until they have been refused a few times.
    const sender = async () => {
      for (let i = 0; i < 2000 && refusals.length < 20; i++) await send(next++)
    }
    await Promise.all(Array.from({ length: 4 }, sender))
    expect(refusals.length).toBeGreaterThanOrEqual(20)
    expect(refusals[0]).toEqual({ retryAfter: '1', code: 'INGEST_OVERLOADED' })

    // The state shows in the source health and /metrics while it lasts.
    const health = SourceList.parse(
      await (await fetch(`${server.url}/v1/sources`, { headers: auth() })).json(),
    ).sources[0]?.health
    expect(health?.backpressure?.rejected).toBeGreaterThanOrEqual(20)
    expect(health?.backpressure?.lastRejectedAt).not.toBeNull()
    const metrics = await (await fetch(`${server.url}/metrics`)).text()
    expect(metrics).toMatch(/caracal_source_throttled_total\{source="cloudtrail",type="http"\} \d+/)

    // Held memory never went past the bound by more than the bodies let in at once.
    const peak = await gauge('ingest_in_flight_bytes_peak')
    expect(peak).toBeGreaterThan(maxInFlightBytes / 2)
    expect(peak).toBeLessThanOrEqual(maxInFlightBytes + 4 * 2 * bodyBytes)
    const sent = next
    expect(sent * bodyBytes).toBeGreaterThan(2 * maxInFlightBytes)

    // Once the writer catches up, requests are accepted again.
    let status = 503
    for (let i = 0; i < 600 && status !== 200; i++) {
      status = await send(next++)
      if (status !== 200) await new Promise((r) => setTimeout(r, 100))
    }
    expect(status).toBe(200)

    // Every acknowledged event is in the lake exactly once (queries wait for acknowledged batches).
    const submitted = await fetch(`${server.url}/v1/queries`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({
        sql: "SELECT split_part(eventID, '-', 2) AS n, count(*) AS c FROM panther_logs.aws_cloudtrail GROUP BY 1",
      }),
    })
    const { id } = QueryStatus.parse(await submitted.json())
    let query = QueryStatus.parse(
      await (await fetch(`${server.url}/v1/queries/${id}`, { headers: auth() })).json(),
    )
    for (let i = 0; i < 400 && query.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50))
      query = QueryStatus.parse(
        await (await fetch(`${server.url}/v1/queries/${id}`, { headers: auth() })).json(),
      )
    }
    expect(query.state).toBe('succeeded')
    const rows = QueryResultsPage.parse(
      await (
        await fetch(`${server.url}/v1/queries/${id}/results?limit=5000`, { headers: auth() })
      ).json(),
    ).rows
    const stored = new Map(rows.map((r) => [Number(r.n), Number(r.c)]))
    const missing = [...acked].filter((n) => stored.get(n) !== perBatch)
    expect(missing).toEqual([])
    // Nothing refused reached the lake.
    expect([...stored.keys()].filter((n) => !acked.has(n))).toEqual([])
    expect(await gauge('ingest_in_flight_bytes')).toBe(0)
  }, 120_000)
})
