import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify from 'fastify'
import { serve } from '../src/app/index.js'
import { loadConfig } from '../src/platform/config/index.js'
import { silentLogger } from '../src/platform/telemetry/index.js'
import { cloudTrailRecords } from './generators/cloudtrail.js'
import { timed, type BenchLine } from './harness.js'

const events = 100_000
const perRequest = 1_000
const clients = 8

/** Posts every body with `clients` concurrent senders; a 503 (backpressure) is retried. */
async function postAll(
  url: string,
  bodies: readonly string[],
  headers: Record<string, string>,
): Promise<{ seconds: number; retries: number }> {
  const queue = [...bodies]
  let retries = 0
  const sender = async () => {
    for (let body = queue.shift(); body !== undefined; body = queue.shift()) {
      for (;;) {
        const response = await fetch(url, { method: 'POST', headers, body })
        await response.arrayBuffer()
        if (response.ok) break
        if (response.status !== 503) throw new Error(`ingest failed: ${String(response.status)}`)
        retries++
        // Senders honour Retry-After with their own backoff; a short one keeps the figure honest.
        await new Promise((r) => setTimeout(r, 100))
      }
    }
  }
  const seconds = await timed(() => Promise.all(Array.from({ length: clients }, sender)))
  return { seconds, retries }
}

/** A Fastify server whose handler only splits and parses the NDJSON it receives. */
async function bareServer() {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body)
  })
  app.post('/ingest', (request) => {
    let received = 0
    for (const line of (request.body as Buffer).toString('utf8').split('\n')) {
      if (line === '') continue
      JSON.parse(line)
      received++
    }
    return { received }
  })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return { url: `${url}/ingest`, close: () => app.close() }
}

/**
 * Sustained acknowledged events/s over real HTTP, with durable (spooled, fsynced) acks, beside
 * the same payloads posted to a bare Fastify handler that only parses them, in the same run.
 */
export async function run(): Promise<BenchLine[]> {
  const records = cloudTrailRecords(events, 7)
  const bodies: string[] = []
  for (let i = 0; i < records.length; i += perRequest) {
    bodies.push(
      records
        .slice(i, i + perRequest)
        .map((r) => JSON.stringify(r))
        .join('\n'),
    )
  }
  const headers = { 'content-type': 'application/x-ndjson' }

  const bare = await bareServer()
  let bareSeconds: number
  try {
    await postAll(bare.url, bodies.slice(0, 10), headers)
    bareSeconds = (await postAll(bare.url, bodies, headers)).seconds
  } finally {
    await bare.close()
  }

  const caracal = async (acknowledge: 'spool' | 'lake') => {
    const data = mkdtempSync(join(tmpdir(), 'caracal-bench-ingest-http-'))
    const config = loadConfig({
      env: { ...process.env, CARACAL_INGEST__ACKNOWLEDGE: acknowledge },
      overrides: { data },
    })
    const server = await serve(config, { demo: false, port: 0 }, silentLogger())
    try {
      const auth = { ...headers, authorization: `Bearer ${server.adminToken ?? ''}` }
      const url = `${server.url}/v1/ingest/cloudtrail`
      // Warm up: detection workers, DuckDB, the first partitions.
      await postAll(url, bodies.slice(0, 4), auth)
      const measured = await postAll(url, bodies, auth)
      // Sustained: a clean stop waits for every acknowledged batch to reach the lake.
      const drain = await timed(() => server.close())
      return { ...measured, drain }
    } finally {
      await server.close()
      rmSync(data, { recursive: true, force: true })
    }
  }
  const spool = await caracal('spool')
  const lake = await caracal('lake')
  const bareRate = events / bareSeconds
  console.error(
    `ingest-http: ${String(events)} events in ${String(bodies.length)} NDJSON requests, ` +
      `${String(clients)} clients; spool acks: ${spool.seconds.toFixed(2)} s + ` +
      `${spool.drain.toFixed(2)} s drain, ${String(spool.retries)} 503 retries; ` +
      `lake acks: ${lake.seconds.toFixed(2)} s`,
  )
  const baseline = { name: 'bare Fastify, parse only', value: bareRate, unit: 'events/s' }
  return [
    {
      name: 'ingest-http acknowledged (spool fsync + detections)',
      value: events / spool.seconds,
      unit: 'events/s',
      baseline,
    },
    {
      name: 'ingest-http sustained (until stopped with the lake caught up)',
      value: events / (spool.seconds + spool.drain),
      unit: 'events/s',
      baseline,
    },
    {
      name: 'ingest-http acknowledged once in the lake (ingest.acknowledge: lake)',
      value: events / lake.seconds,
      unit: 'events/s',
      baseline,
    },
  ]
}
