import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve } from '../src/app/index.js'
import type { RunningServer } from '../src/cli/index.js'
import { IngestReport, QueryResultsPage, QueryStatus } from '../src/contract/index.js'
import { loadConfig } from '../src/platform/config/index.js'
import { silentLogger } from '../src/platform/telemetry/index.js'
import { tempDir } from './helpers/temp-dir.js'

const schema = `schema: Custom.BadgeReader
description: Door badge readers of the office.
fields:
  - name: ts
    type: timestamp
    timeFormat: unix
    isEventTime: true
    required: true
  - name: door
    type: string
    required: true
  - name: badge
    type: object
    fields:
      - name: holder
        type: string
        indicators: [email]
      - name: id
        type: bigint
  - name: reader_ip
    type: string
    indicators: [ip]
`

describe('a custom log type from a schema folder, end to end', () => {
  const dir = tempDir('custom-log-type')
  let server: RunningServer

  beforeAll(async () => {
    const schemas = join(dir.path, 'schemas')
    mkdirSync(schemas)
    writeFileSync(join(schemas, 'badge-reader.yml'), schema)
    writeFileSync(
      join(schemas, 'broken.yml'),
      'schema: Custom.Broken\nfields:\n  - name: x\n    type: wibble\n',
    )
    const file = join(dir.path, 'caracal.yml')
    writeFileSync(
      file,
      `logTypes:\n  dirs: [${schemas}]\nlake:\n  flushIntervalMs: 100\ndetections:\n  workers: 1\n` +
        'sources:\n  badges:\n    type: http\n    logType: Custom.BadgeReader\n' +
        '  mixed:\n    type: http\n    logType: Custom.BadgeReader\n    candidates: [AWS.CloudTrail]\n' +
        '    maxRecordBytes: 2000\n',
    )
    const config = loadConfig({ file, env: {}, overrides: { data: join(dir.path, 'data') } })
    server = await serve(config, { demo: false, port: 0 }, silentLogger())
  })

  afterAll(async () => {
    await server.close()
    dir.remove()
  })

  it('classifies records across candidate log types and keeps oversize records as failures', async () => {
    const auth = { authorization: `Bearer ${server.adminToken ?? ''}` }
    const body = [
      '{"ts": 1767225600, "door": "garage"}',
      JSON.stringify({
        eventTime: '2026-01-01T00:00:00Z',
        eventName: 'GetObject',
        eventSource: 's3.amazonaws.com',
      }),
      `{"ts": 1767225600, "door": "${'x'.repeat(3000)}"}`,
    ].join('\n')
    const response = await fetch(`${server.url}/v1/ingest/mixed`, {
      method: 'POST',
      body,
      headers: auth,
    })
    expect(IngestReport.parse(await response.json())).toMatchObject({ parsed: 2, failed: 1 })
    const failures = (await (
      await fetch(`${server.url}/v1/ingest/failures?source=mixed`, { headers: auth })
    ).json()) as { failures: { reason: string }[] }
    expect(failures.failures.map((f) => f.reason)).toEqual([
      expect.stringMatching(/over the limit of 2000 bytes/),
    ])
  })

  it('parses, normalizes and stores the events, and keeps the bad ones with a reason', async () => {
    const auth = { authorization: `Bearer ${server.adminToken ?? ''}` }
    const body = [
      '{"ts": 1767225600, "door": "lobby", "badge": {"holder": "Alice@Example.com", "id": "42"}, "reader_ip": "10.0.0.7"}',
      '{"ts": 1767225660, "badge": {"holder": "bob@example.com"}}',
    ].join('\n')
    const response = await fetch(`${server.url}/v1/ingest/badges`, {
      method: 'POST',
      body,
      headers: auth,
    })
    expect(IngestReport.parse(await response.json())).toMatchObject({ parsed: 1, failed: 1 })

    const sql =
      "SELECT door, badge.id AS id, p_event_time, p_any_emails, p_any_ip_addresses FROM panther_logs.custom_badgereader WHERE door = 'lobby'"
    const submitted = await fetch(`${server.url}/v1/queries`, {
      method: 'POST',
      body: JSON.stringify({ sql }),
      headers: { ...auth, 'content-type': 'application/json' },
    })
    const { id } = QueryStatus.parse(await submitted.json())
    let status = QueryStatus.parse(
      await (await fetch(`${server.url}/v1/queries/${id}`, { headers: auth })).json(),
    )
    while (status.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 50))
      status = QueryStatus.parse(
        await (await fetch(`${server.url}/v1/queries/${id}`, { headers: auth })).json(),
      )
    }
    const page = QueryResultsPage.parse(
      await (await fetch(`${server.url}/v1/queries/${id}/results`, { headers: auth })).json(),
    )
    expect(page.rows).toEqual([
      {
        door: 'lobby',
        id: 42,
        p_event_time: '2026-01-01 00:00:00.000',
        p_any_emails: ['alice@example.com'],
        p_any_ip_addresses: ['10.0.0.7'],
      },
    ])
    const failures = (await (
      await fetch(`${server.url}/v1/ingest/failures?source=badges`, { headers: auth })
    ).json()) as { failures: { reason: string }[] }
    expect(failures.failures.map((f) => f.reason)).toEqual([expect.stringMatching(/door/)])
  })
})
