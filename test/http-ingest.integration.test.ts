import { createHmac } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve } from '../src/app/index.js'
import type { RunningServer } from '../src/cli/index.js'
import { IngestReport, QueryResultsPage, QueryStatus, SourceList } from '../src/contract/index.js'
import { loadConfig } from '../src/platform/config/index.js'
import { captureLogger } from './helpers/capture-logger.js'
import { cloudTrailEvent, rootLogin } from './helpers/cloudtrail-events.js'
import { tempDir } from './helpers/temp-dir.js'
import { zstdFrame } from './helpers/zstd-frame.js'

const hmacSecret = 'hmac-secret-for-the-github-source'
const basicPassword = 'basic-password-of-vector-sender'
const sourceToken = 'fluent-bit-source-token-0123'

/** Each payload shape posts distinct event ids, so the lake tells them apart. */
const events = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => cloudTrailEvent({ eventID: `${prefix}-${String(i)}` }))
const ndjson = (records: readonly unknown[]) => records.map((r) => JSON.stringify(r)).join('\n')

describe('HTTP push: per-source auth, agent payload shapes, zstd, OTLP/HTTP JSON', () => {
  const dir = tempDir('http-ingest')
  const capture = captureLogger()
  let server: RunningServer

  const post = (path: string, body: Buffer | string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers, body })
  const admin = () => ({ authorization: `Bearer ${server.adminToken}` })
  const basic = (password: string) => ({
    authorization: `Basic ${Buffer.from(`vector:${password}`).toString('base64')}`,
  })
  const errorCode = async (response: Response) =>
    ((await response.json()) as { error: { code: string } }).error.code

  /** Runs SQL through the API (it waits for acknowledged batches to reach the lake). */
  const query = async (sql: string) => {
    const submitted = await fetch(`${server.url}/v1/queries`, {
      method: 'POST',
      headers: { ...admin(), 'content-type': 'application/json' },
      body: JSON.stringify({ sql }),
    })
    const { id } = QueryStatus.parse(await submitted.json())
    let status = QueryStatus.parse(
      await (await fetch(`${server.url}/v1/queries/${id}`, { headers: admin() })).json(),
    )
    for (let i = 0; i < 200 && status.state === 'running'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      status = QueryStatus.parse(
        await (await fetch(`${server.url}/v1/queries/${id}`, { headers: admin() })).json(),
      )
    }
    expect(status.state).toBe('succeeded')
    const results = await fetch(`${server.url}/v1/queries/${id}/results`, { headers: admin() })
    return QueryResultsPage.parse(await results.json()).rows
  }
  const idsWith = async (prefix: string) =>
    (
      await query(
        `SELECT eventID FROM panther_logs.aws_cloudtrail WHERE eventID LIKE '${prefix}-%' ORDER BY eventID`,
      )
    ).map((r) => r.eventID)

  beforeAll(async () => {
    const secretFile = join(dir.path, 'hmac.secret')
    writeFileSync(secretFile, `${hmacSecret}\n`)
    const file = join(dir.path, 'caracal.yml')
    writeFileSync(
      file,
      [
        'lake: { flushIntervalMs: 100 }',
        'detections: { workers: 1 }',
        'sources:',
        '  cloudtrail: { type: http, logType: AWS.CloudTrail }',
        `  github: { type: http, logType: AWS.CloudTrail, auth: { type: hmac, secret: "\${file:${secretFile}}", header: X-Hub-Signature-256, prefix: "sha256=" } }`,
        '  vector: { type: http, logType: AWS.CloudTrail, auth: { type: basic, username: vector, password: "${BASIC_PASSWORD}" } }',
        `  fluentbit: { type: http, logType: AWS.CloudTrail, unwrap: log, auth: { type: bearer, token: "${sourceToken}" } }`,
        '  otel: { type: http, logType: AWS.CloudTrail, candidates: [Syslog.RFC3164], otlp: true }',
        '  linux: { type: http, logType: Syslog.RFC3164, unwrap: log }',
        '',
      ].join('\n'),
    )
    const config = loadConfig({
      file,
      env: { BASIC_PASSWORD: basicPassword },
      overrides: { data: join(dir.path, 'data') },
    })
    server = await serve(config, { demo: false, port: 0 }, capture.logger)
  })

  afterAll(async () => {
    await server.close()
    dir.remove()
  })

  describe('per-source auth', () => {
    it('takes an HMAC signature of the raw (gzip) body, refuses a wrong or missing one', async () => {
      const body = gzipSync(ndjson(events('hmac', 2)))
      const sign = (bytes: Buffer, secret = hmacSecret) =>
        `sha256=${createHmac('sha256', secret).update(bytes).digest('hex')}`
      const headers = { 'content-encoding': 'gzip', 'content-type': 'application/x-ndjson' }
      const good = await post('/v1/ingest/github', body, {
        ...headers,
        'x-hub-signature-256': sign(body),
      })
      expect(good.status).toBe(200)
      expect(IngestReport.parse(await good.json())).toMatchObject({ received: 2, parsed: 2 })

      const tampered = Buffer.from(body)
      tampered[tampered.length - 5] = (tampered[tampered.length - 5] ?? 0) ^ 1
      for (const [bytes, signature] of [
        [tampered, sign(body)], // the body changed on the way
        [body, sign(body, 'some-other-shared-secret')],
        [body, sign(gzipSync(ndjson(events('x', 1))))],
      ] as const) {
        const bad = await post('/v1/ingest/github', bytes, {
          ...headers,
          'x-hub-signature-256': signature,
        })
        expect(bad.status).toBe(401)
        expect(await errorCode(bad)).toBe('SOURCE_UNAUTHORIZED')
      }
      const missing = await post('/v1/ingest/github', body, headers)
      expect(missing.status).toBe(401)
      const error = ((await missing.json()) as { error: { code: string; message: string } }).error
      expect(error.code).toBe('SOURCE_UNAUTHORIZED')
      expect(error.message).toContain('x-hub-signature-256')
      // API tokens keep working on every source.
      expect((await post('/v1/ingest/github', body, { ...headers, ...admin() })).status).toBe(200)
    })

    it('takes basic auth and a source bearer token; wrong ones get SOURCE_UNAUTHORIZED', async () => {
      const body = ndjson(events('basic', 1))
      expect((await post('/v1/ingest/vector', body, basic(basicPassword))).status).toBe(200)
      const wrong = await post('/v1/ingest/vector', body, basic('not-the-password-at-all'))
      expect(wrong.status).toBe(401)
      expect(await errorCode(wrong)).toBe('SOURCE_UNAUTHORIZED')
      const none = await post('/v1/ingest/vector', body)
      expect(await errorCode(none)).toBe('SOURCE_UNAUTHORIZED')
      // A source's credentials open only that source.
      const elsewhere = await post('/v1/ingest/cloudtrail', body, basic(basicPassword))
      expect(elsewhere.status).toBe(401)
      const bearer = { authorization: `Bearer ${sourceToken}` }
      const record = JSON.stringify({
        date: 1780000000.5,
        log: JSON.stringify(events('tok', 1)[0]),
      })
      expect((await post('/v1/ingest/fluentbit', `[${record}]`, bearer)).status).toBe(200)
      expect((await post('/v1/ingest/github', body, bearer)).status).toBe(401)
    })

    it('never logs a secret', () => {
      const logs = capture.text()
      expect(logs).not.toContain(hmacSecret)
      expect(logs).not.toContain(basicPassword)
      expect(logs).not.toContain(sourceToken)
    })
  })

  describe('payload shapes of log shippers', () => {
    it("Vector's http sink: NDJSON and the json (array) codec, gzip", async () => {
      const lines = await post('/v1/ingest/vector', gzipSync(ndjson(events('vec-nd', 3))), {
        ...basic(basicPassword),
        'content-type': 'application/x-ndjson',
        'content-encoding': 'gzip',
      })
      expect(IngestReport.parse(await lines.json())).toMatchObject({ received: 3, parsed: 3 })
      const array = await post(
        '/v1/ingest/vector',
        gzipSync(JSON.stringify(events('vec-arr', 2))),
        { ...basic(basicPassword), 'content-type': 'application/json', 'content-encoding': 'gzip' },
      )
      expect(IngestReport.parse(await array.json())).toMatchObject({ received: 2, parsed: 2 })
      expect(await idsWith('vec-nd')).toEqual(['vec-nd-0', 'vec-nd-1', 'vec-nd-2'])
      expect(await idsWith('vec-arr')).toEqual(['vec-arr-0', 'vec-arr-1'])
    })

    it("Fluent Bit's http output: format json with its date key, json_lines, gzip", async () => {
      const bearer = { authorization: `Bearer ${sourceToken}` }
      // Records read by the tail input without a parser: the line sits under `log`.
      const wrapped = events('fb-json', 2).map((e, i) => ({
        date: 1780000000.25 + i,
        log: JSON.stringify(e),
      }))
      const json = await post('/v1/ingest/fluentbit', gzipSync(JSON.stringify(wrapped)), {
        ...bearer,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      })
      expect(IngestReport.parse(await json.json())).toMatchObject({ received: 2, parsed: 2 })
      const jsonLines = events('fb-lines', 2).map((e) => ({
        date: 1780000001.5,
        log: JSON.stringify(e),
      }))
      const lines = await post('/v1/ingest/fluentbit', ndjson(jsonLines), {
        ...bearer,
        'content-type': 'application/x-ndjson',
      })
      expect(IngestReport.parse(await lines.json())).toMatchObject({ received: 2, parsed: 2 })
      // Records a Fluent Bit json parser already split into fields keep the agent's date key.
      const parsed = events('fb-parsed', 2).map((e) => ({ date: 1780000002.75, ...e }))
      const fields = await post('/v1/ingest/cloudtrail', JSON.stringify(parsed), admin())
      expect(IngestReport.parse(await fields.json())).toMatchObject({ received: 2, parsed: 2 })
      expect(await idsWith('fb-json')).toEqual(['fb-json-0', 'fb-json-1'])
      expect(await idsWith('fb-lines')).toEqual(['fb-lines-0', 'fb-lines-1'])
      expect(await idsWith('fb-parsed')).toEqual(['fb-parsed-0', 'fb-parsed-1'])
    })

    const corpus = '/work/shared/corpus/Syslog.RFC3164/logpai-loghub/Linux_2k.log'
    it.skipIf(!existsSync(corpus))(
      'Fluent Bit tail of real syslog lines (corpus): unwrapped like the raw lines',
      async () => {
        const lines = readFileSync(corpus, 'utf8')
          .split('\n')
          .filter((l) => l.trim() !== '')
        const raw = await post('/v1/ingest/linux', lines.join('\n'), admin())
        const direct = IngestReport.parse(await raw.json())
        const wrapped = lines.map((log, i) => ({ date: 1780000000 + i / 1000, log }))
        const viaAgent = await post('/v1/ingest/linux', gzipSync(JSON.stringify(wrapped)), {
          ...admin(),
          'content-encoding': 'gzip',
        })
        const report = IngestReport.parse(await viaAgent.json())
        expect(report.received).toBe(lines.length)
        expect(report.parsed).toBe(direct.parsed)
        expect(report.parsed).toBeGreaterThan(lines.length * 0.9)
      },
    )

    it('decodes zstd bodies (Content-Encoding: zstd)', async () => {
      const response = await post(
        '/v1/ingest/cloudtrail',
        zstdFrame(Buffer.from(ndjson(events('zstd', 2)))),
        {
          ...admin(),
          'content-encoding': 'zstd',
        },
      )
      expect(IngestReport.parse(await response.json())).toMatchObject({ received: 2, parsed: 2 })
    })
  })

  describe('OTLP/HTTP JSON logs at /v1/logs', () => {
    const otlp = (bodies: readonly string[]) =>
      JSON.stringify({
        resourceLogs: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'edge' } }] },
            scopeLogs: [
              {
                scope: { name: 'filelog' },
                logRecords: bodies.map((b) => ({
                  timeUnixNano: '1780000000000000000',
                  body: { stringValue: b },
                })),
              },
            ],
          },
        ],
      })

    it('classifies each string body by the source log types and answers partialSuccess', async () => {
      const syslogLine = '<34>Oct 11 22:14:15 mymachine su: otlp-syslog-line failed for lonvick'
      const body = otlp([JSON.stringify(rootLogin({ eventID: 'otlp-0' })), syslogLine])
      const response = await post('/v1/logs', gzipSync(body), {
        ...admin(),
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toContain('application/json')
      expect(await response.json()).toEqual({ partialSuccess: {} })
      expect(await idsWith('otlp')).toEqual(['otlp-0'])
      const syslog = await query(
        `SELECT message FROM panther_logs.syslog_rfc3164 WHERE message LIKE '%otlp-syslog-line%'`,
      )
      expect(syslog).toHaveLength(1)
      // The root login in the OTLP body went through the detections like any other.
      const alerts = await query(
        `SELECT p_rule_id FROM panther_rule_matches.aws_cloudtrail WHERE eventID = 'otlp-0'`,
      )
      expect(alerts.length).toBeGreaterThan(0)
    })

    it('picks the source by X-Caracal-Source, refuses protobuf with 415', async () => {
      const named = await post(
        '/v1/logs',
        otlp([JSON.stringify(cloudTrailEvent({ eventID: 'otlp-named-0' }))]),
        {
          authorization: `Bearer ${sourceToken}`,
          'x-caracal-source': 'fluentbit',
          'content-type': 'application/json',
        },
      )
      expect(named.status).toBe(200)
      const unknown = await post('/v1/logs', otlp([]), {
        ...admin(),
        'x-caracal-source': 'nope',
        'content-type': 'application/json',
      })
      expect(await errorCode(unknown)).toBe('SOURCE_NOT_FOUND')
      const protobuf = await post('/v1/logs', Buffer.from([0x0a, 0x00]), {
        ...admin(),
        'content-type': 'application/x-protobuf',
      })
      expect(protobuf.status).toBe(415)
      const error = ((await protobuf.json()) as { error: { code: string; message: string } }).error
      expect(error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' })
      expect(error.message).toContain('encoding: json')
      expect(await idsWith('otlp-named')).toEqual(['otlp-named-0'])
    })
  })

  it('shows backpressure state in source health and /metrics', async () => {
    const list = SourceList.parse(
      await (await fetch(`${server.url}/v1/sources`, { headers: admin() })).json(),
    ).sources
    const vector = list.find((s) => s.id === 'vector')
    expect(vector?.health?.backpressure).toEqual({
      active: false,
      rejected: 0,
      lastRejectedAt: null,
    })
    const metrics = await (await fetch(`${server.url}/metrics`)).text()
    expect(metrics).toContain('caracal_source_backpressure{source="vector",type="http"} 0')
    expect(metrics).toMatch(/caracal_queue_depth\{queue="ingest_in_flight_bytes"\} \d+/)
  })
})
