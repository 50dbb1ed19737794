import { createSocket } from 'node:dgram'
import { writeFileSync, appendFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve } from '../app/index.js'
import type { RunningServer } from '../cli/index.js'
import { SourceList } from '../contract/index.js'
import { loadConfig } from '../platform/config/index.js'
import { silentLogger } from '../platform/telemetry/index.js'
import { cloudTrailEvent } from '../../test/helpers/cloudtrail-events.js'
import { tempDir } from '../../test/helpers/temp-dir.js'

/** A port free right now on 127.0.0.1 (UDP and TCP ports are separate, but this is enough). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  await new Promise((r) => server.close(r))
  return port
}

describe('sources in a running server: started, stopped, health in the API and /metrics', () => {
  const dir = tempDir('sources-e2e')
  const logFile = join(dir.path, 'trail.log')
  let server: RunningServer
  let syslogPort: number
  const get = (path: string) =>
    fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.adminToken}` } })
  const sources = async () => SourceList.parse(await (await get('/v1/sources')).json()).sources

  beforeAll(async () => {
    syslogPort = await freePort()
    writeFileSync(logFile, `${JSON.stringify(cloudTrailEvent({ eventID: 'file-1' }))}\n`)
    const file = join(dir.path, 'caracal.yml')
    writeFileSync(
      file,
      [
        'lake: { flushIntervalMs: 100 }',
        'detections: { workers: 1 }',
        'sources:',
        '  cloudtrail: { type: http, logType: AWS.CloudTrail }',
        `  trail_files: { type: file, logType: AWS.CloudTrail, paths: ["${logFile}"], pollIntervalMs: 100 }`,
        `  syslog_udp: { type: syslog, protocol: udp, host: 127.0.0.1, port: ${syslogPort}, logType: AWS.CloudTrail, lingerMs: 20 }`,
        '',
      ].join('\n'),
    )
    const config = loadConfig({ file, env: {}, overrides: { data: join(dir.path, 'data') } })
    server = await serve(config, { demo: false, port: 0 }, silentLogger())
  })

  afterAll(async () => {
    await server.close()
    dir.remove()
  })

  it('lists every source with its health', async () => {
    const list = await sources()
    expect(list.map((s) => [s.id, s.type])).toEqual([
      ['cloudtrail', 'http'],
      ['trail_files', 'file'],
      ['syslog_udp', 'syslog'],
    ])
  })

  it('follows the file into the pipeline and counts it', async () => {
    appendFileSync(logFile, `${JSON.stringify(cloudTrailEvent({ eventID: 'file-2' }))}\n`)
    let health
    for (let i = 0; i < 100; i++) {
      health = (await sources()).find((s) => s.id === 'trail_files')?.health
      if ((health?.batches ?? 0) >= 1 && health?.eventsIn === 2) break
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(health).toMatchObject({ status: 'ok', eventsIn: 2, parseFailures: 0, errors: 0 })
    expect(health?.lastEventAt).not.toBeNull()
  })

  it('counts syslog messages and their parse failures, and the http source too', async () => {
    const client = createSocket('udp4')
    client.send('<13>Nov 28 12:00:00 host app: not a CloudTrail record', syslogPort, '127.0.0.1')
    let health
    for (let i = 0; i < 100; i++) {
      health = (await sources()).find((s) => s.id === 'syslog_udp')?.health
      if (health?.batches === 1) break
      await new Promise((r) => setTimeout(r, 100))
    }
    client.close()
    expect(health).toMatchObject({ status: 'ok', eventsIn: 1, batches: 1, parseFailures: 1 })

    const posted = await fetch(`${server.url}/v1/ingest/cloudtrail`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}` },
      body: JSON.stringify(cloudTrailEvent()),
    })
    expect(posted.status).toBe(200)
    const http = (await sources()).find((s) => s.id === 'cloudtrail')?.health
    expect(http).toMatchObject({ status: 'ok', eventsIn: 1, batches: 1 })
    // A non-push source is not an ingest target.
    const wrong = await fetch(`${server.url}/v1/ingest/syslog_udp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}` },
      body: '{}',
    })
    expect(wrong.status).toBe(404)
  })

  it('exposes caracal_source_* metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text()
    expect(text).toContain('caracal_source_events_total{source="trail_files",type="file"} 2')
    expect(text).toContain(
      'caracal_source_parse_failures_total{source="syslog_udp",type="syslog"} 1',
    )
    expect(text).toContain('caracal_source_up{source="cloudtrail",type="http"} 1')
    expect(text).toMatch(
      /caracal_source_last_event_timestamp_seconds\{source="syslog_udp",type="syslog"\} \d{10}/,
    )
    // The registry's own metrics are still there.
    expect(text).toContain('caracal_events_in_total')
  })
})
