import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve } from '../src/app/index.js'
import type { RunningServer } from '../src/cli/index.js'
import {
  AlertPage,
  ErrorBody,
  IngestReport,
  QueryResultsPage,
  QueryStatus,
  SavedQuery,
  SearchResult,
} from '../src/contract/index.js'
import { loadConfig } from '../src/platform/config/index.js'
import { silentLogger } from '../src/platform/telemetry/index.js'
import { cloudTrailEvent, rootLogin } from './helpers/cloudtrail-events.js'
import { HttpListener } from './helpers/http-listener.js'
import { tempDir } from './helpers/temp-dir.js'

describe('one event end to end: HTTP → parse → detect → lake + alert → webhook', () => {
  const dir = tempDir('e2e')
  const webhook = new HttpListener()
  let server: RunningServer
  let token: string

  const call = (path: string, init: RequestInit = {}, bearer: string | null = token) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: {
        ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
        ...(init.headers as Record<string, string> | undefined),
      },
    })

  beforeAll(async () => {
    const hookUrl = await webhook.start()
    const file = join(dir.path, 'caracal.yml')
    writeFileSync(
      file,
      [
        'server:',
        '  maxBodyBytes: 200000',
        'lake:',
        '  flushIntervalMs: 100',
        'delivery:',
        '  pollIntervalMs: 50',
        // This test reads the lake files itself right after the 200, so it asks for lake acks.
        'ingest:',
        '  acknowledge: lake',
        'detections:',
        '  workers: 1',
        'sources:',
        '  cloudtrail:',
        '    type: http',
        '    logType: AWS.CloudTrail',
        '    token: ${CT_TOKEN}',
        'destinations:',
        '  hook:',
        '    type: webhook',
        `    url: ${hookUrl}/alerts`,
        '',
      ].join('\n'),
    )
    const config = loadConfig({
      file,
      env: { CT_TOKEN: 'source-token-0123456789' },
      overrides: { data: join(dir.path, 'data') },
    })
    server = await serve(config, { demo: false, port: 0 }, silentLogger())
    token = server.adminToken ?? ''
  })

  afterAll(async () => {
    await server.close()
    await webhook.close()
    dir.remove()
  })

  it('creates an admin token on first start', () => {
    expect(token).toMatch(/^cct_[A-Za-z0-9_-]{43}$/)
  })

  it('ingests events, opens an alert, delivers it, and writes the lake', async () => {
    const body = [
      JSON.stringify(cloudTrailEvent()),
      JSON.stringify(rootLogin()),
      '{"eventName": "broken',
      JSON.stringify(rootLogin({ eventTime: '2026-06-01T10:05:00Z', eventID: 'evt-2' })),
    ].join('\n')
    const response = await call(
      '/v1/ingest/cloudtrail',
      { method: 'POST', body },
      'source-token-0123456789',
    )
    expect(response.status).toBe(200)
    const report = IngestReport.parse(await response.json())
    expect(report).toMatchObject({
      received: 4,
      parsed: 3,
      failed: 1,
      matches: 2,
      ruleErrors: 0,
      alertsOpened: 1,
    })

    const page = AlertPage.parse(await (await call('/v1/alerts')).json())
    expect(page.alerts).toHaveLength(1)
    const alert = page.alerts[0]
    expect(alert).toMatchObject({
      ruleId: 'AWS.Root.Activity',
      severity: 'HIGH',
      status: 'OPEN',
      eventCount: 2,
      destinations: ['hook'],
      logTypes: ['AWS.CloudTrail'],
    })
    expect(alert?.title).toBe('AWS root user activity in account 111122223333')

    const [delivered] = await webhook.waitFor(1)
    const payload = JSON.parse(delivered?.body ?? '{}') as { alert: { id: string }; link: string }
    expect(payload.alert.id).toBe(alert?.id)
    expect(payload.link).toBe(`${server.url}/alerts/${alert?.id ?? ''}`)

    const lake = join(dir.path, 'data', 'lake')
    const db = await (await DuckDBInstance.create(':memory:')).connect()
    const events = await db.runAndReadAll(
      `SELECT eventName, userIdentity.type AS who, p_source_id, p_event_time::VARCHAR AS t
       FROM read_parquet('${lake}/logs/aws_cloudtrail/**/*.parquet') ORDER BY p_event_time, eventName`,
    )
    expect(events.getRowObjectsJson()).toEqual([
      {
        eventName: 'ConsoleLogin',
        who: 'Root',
        p_source_id: 'cloudtrail',
        t: '2026-06-01 10:00:00',
      },
      {
        eventName: 'DescribeInstances',
        who: 'IAMUser',
        p_source_id: 'cloudtrail',
        t: '2026-06-01 10:00:00',
      },
      {
        eventName: 'ConsoleLogin',
        who: 'Root',
        p_source_id: 'cloudtrail',
        t: '2026-06-01 10:05:00',
      },
    ])
    const matches = await db.runAndReadAll(
      `SELECT p_rule_id, p_alert_id FROM read_parquet('${lake}/rules/aws_cloudtrail/**/*.parquet')`,
    )
    expect(matches.getRowObjectsJson()).toEqual([
      { p_rule_id: 'AWS.Root.Activity', p_alert_id: alert?.id },
      { p_rule_id: 'AWS.Root.Activity', p_alert_id: alert?.id },
    ])
    const failures = await db.runAndReadAll(
      `SELECT raw, reason FROM read_parquet('${lake}/classification_failures/aws_cloudtrail/**/*.parquet')`,
    )
    expect(failures.getRowObjectsJson()).toEqual([
      { raw: '{"eventName": "broken', reason: expect.stringMatching(/^invalid JSON: /) as unknown },
    ])
  })

  it('pages through the events of an alert, from the lake', async () => {
    const [alert] = AlertPage.parse(await (await call('/v1/alerts')).json()).alerts
    const first = (await (await call(`/v1/alerts/${alert?.id ?? ''}/events?limit=1`)).json()) as {
      events: { eventName: string; p_alert_id: string }[]
      nextCursor: string | null
    }
    expect(first.events).toHaveLength(1)
    expect(first.events[0]).toMatchObject({ eventName: 'ConsoleLogin', p_alert_id: alert?.id })
    const second = (await (
      await call(`/v1/alerts/${alert?.id ?? ''}/events?limit=1&cursor=${first.nextCursor ?? ''}`)
    ).json()) as { events: { eventID: string }[]; nextCursor: string | null }
    expect(second.events.map((e) => e.eventID)).toEqual(['evt-2'])
    expect(second.nextCursor).toBeNull()
  })

  it('runs the triage workflow as two people, with a timeline of who did what', async () => {
    const json = (method: string, body: unknown, as: string = token) =>
      call(
        '/v1/' + (method === 'PATCH' ? 'alerts' : 'tokens'),
        { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
        as,
      )
    const created = await json('POST', { name: 'alice', role: 'analyst' })
    expect(created.status).toBe(201)
    const alice = ((await created.json()) as { token: string }).token
    expect((await call('/v1/tokens', {}, alice)).status).toBe(403)

    const [alert] = AlertPage.parse(await (await call('/v1/alerts')).json()).alerts
    const id = alert?.id ?? ''
    const triaged = await json('PATCH', { ids: [id], status: 'TRIAGED', assignee: 'alice' }, alice)
    expect(triaged.status).toBe(200)
    const comment = await call(`/v1/alerts/${id}/comments`, {
      method: 'POST',
      body: JSON.stringify({ text: 'Root login was the yearly billing change.' }),
      headers: { 'content-type': 'application/json' },
    })
    expect(comment.status).toBe(201)
    expect((await json('PATCH', { ids: [id], status: 'RESOLVED' })).status).toBe(200)
    expect((await json('PATCH', { ids: ['nope'], status: 'CLOSED' })).status).toBe(404)

    const { activity } = (await (await call(`/v1/alerts/${id}/activity`)).json()) as {
      activity: { actor: string; action: string; detail: Record<string, unknown> }[]
    }
    expect(activity.map((a) => [a.actor, a.action, a.detail])).toEqual([
      ['caracal', 'opened', { destinations: ['hook'] }],
      ['alice', 'status', { from: 'OPEN', to: 'TRIAGED' }],
      ['alice', 'assign', { from: null, to: 'alice' }],
      ['admin', 'comment', { text: 'Root login was the yearly billing change.' }],
      ['admin', 'status', { from: 'TRIAGED', to: 'RESOLVED' }],
    ])

    const received = await webhook.waitFor(2)
    const resolve = JSON.parse(received[1]?.body ?? '{}') as {
      event: string
      alert: { status: string }
    }
    expect(resolve).toMatchObject({ event: 'resolve', alert: { status: 'RESOLVED' } })
    const { deliveries } = (await (await call(`/v1/alerts/${id}/deliveries`)).json()) as {
      deliveries: { destinationId: string; kind: string; status: string; attempts: unknown[] }[]
    }
    expect(deliveries.map((d) => [d.destinationId, d.kind, d.status, d.attempts.length])).toEqual([
      ['hook', 'trigger', 'delivered', 1],
      ['hook', 'resolve', 'delivered', 1],
    ])

    const filtered = async (query: string) =>
      AlertPage.parse(await (await call(`/v1/alerts?${query}`)).json()).alerts.length
    expect(await filtered('assignee=alice&status=RESOLVED')).toBe(1)
    expect(await filtered('text=ROOT%20user&logType=AWS.CloudTrail')).toBe(1)
    expect(await filtered('assignee=bob')).toBe(0)
    expect(await filtered('minEvents=3')).toBe(0)
    const test = await call('/v1/destinations/hook/test', { method: 'POST' })
    expect(await test.json()).toEqual({ delivered: true, error: null })
  })

  it('lists the bad line with its reason in the API', async () => {
    const response = await call('/v1/ingest/failures?source=cloudtrail')
    const body = (await response.json()) as { failures: { raw: string; reason: string }[] }
    expect(body.failures.map((f) => f.raw)).toContain('{"eventName": "broken')
  })

  it('answers SQL over the lake asynchronously, with Panther macros', async () => {
    const sql =
      "SELECT eventName, count(*) AS n FROM panther_logs.aws_cloudtrail WHERE p_occurs_between('2026-06-01', '2026-06-02') GROUP BY 1 ORDER BY 1"
    const submitted = await call('/v1/queries', {
      method: 'POST',
      body: JSON.stringify({ sql }),
      headers: { 'content-type': 'application/json' },
    })
    expect(submitted.status).toBe(202)
    const { id } = QueryStatus.parse(await submitted.json())
    let status = QueryStatus.parse(await (await call(`/v1/queries/${id}`)).json())
    for (let i = 0; i < 100 && status.state === 'running'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      status = QueryStatus.parse(await (await call(`/v1/queries/${id}`)).json())
    }
    expect(status).toMatchObject({ state: 'succeeded', rowCount: 2 })
    const page = QueryResultsPage.parse(await (await call(`/v1/queries/${id}/results`)).json())
    expect(page.rows).toEqual([
      { eventName: 'ConsoleLogin', n: 2 },
      { eventName: 'DescribeInstances', n: 1 },
    ])
  })

  it('keeps saved queries with unique names and tags', async () => {
    const json = (method: string, body: unknown) => ({
      method,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    })
    const input = { name: 'Root logins', sql: 'SELECT 1', tags: ['aws', 'root'] }
    const created = await call('/v1/saved-queries', json('POST', input))
    expect(created.status).toBe(201)
    const query = SavedQuery.parse(await created.json())
    expect(query).toMatchObject({ ...input, description: '', createdBy: 'admin' })
    const duplicate = await call('/v1/saved-queries', json('POST', input))
    expect(duplicate.status).toBe(409)
    const updated = await call(
      `/v1/saved-queries/${query.id}`,
      json('PUT', { ...input, tags: ['aws'] }),
    )
    expect(SavedQuery.parse(await updated.json()).tags).toEqual(['aws'])
    const byTag = (await (await call('/v1/saved-queries?tag=root')).json()) as {
      queries: unknown[]
    }
    expect(byTag.queries).toEqual([])
    expect((await call(`/v1/saved-queries/${query.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await call(`/v1/saved-queries/${query.id}`)).status).toBe(404)
  })

  it('finds an indicator across log types', async () => {
    const response = await call('/v1/search?value=192.0.2.44&since=520weeks')
    const result = SearchResult.parse(await response.json())
    expect(result.indicators).toEqual([{ value: '192.0.2.44', kind: 'ip' }])
    expect(result.counts).toEqual([{ logType: 'AWS.CloudTrail', count: 2 }])
    expect(result.events.map((e) => e.eventName)).toEqual(['ConsoleLogin', 'ConsoleLogin'])
    const counts = SearchResult.parse(
      await (await call('/v1/search?value=192.0.2.44&since=520weeks&limit=0')).json(),
    )
    expect(counts.counts).toEqual(result.counts)
    expect(counts.events).toEqual([])
  })

  it('accepts a gzip JSON array and the CloudTrail Records envelope', async () => {
    const envelope = {
      Records: [cloudTrailEvent({ eventID: 'a' }), cloudTrailEvent({ eventID: 'b' })],
    }
    const body = gzipSync(JSON.stringify([envelope, cloudTrailEvent({ eventID: 'c' })]))
    const response = await call('/v1/ingest/cloudtrail', {
      method: 'POST',
      body,
      headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' },
    })
    expect(IngestReport.parse(await response.json())).toMatchObject({
      received: 2,
      parsed: 3,
      failed: 0,
    })
  })

  it.each([
    ['no token', '/v1/alerts', 'GET', null, undefined, 401, 'UNAUTHORIZED'],
    ['a wrong token', '/v1/alerts', 'GET', 'cct_wrong', undefined, 401, 'UNAUTHORIZED'],
    [
      'the source token on another route',
      '/v1/alerts',
      'GET',
      'source-token-0123456789',
      undefined,
      401,
      'UNAUTHORIZED',
    ],
    ['an unknown source', '/v1/ingest/nope', 'POST', 'ADMIN', '{}', 404, 'SOURCE_NOT_FOUND'],
    [
      'a broken JSON array',
      '/v1/ingest/cloudtrail',
      'POST',
      'ADMIN',
      '[{"a":1},',
      400,
      'BODY_INVALID',
    ],
    ['an empty body', '/v1/ingest/cloudtrail', 'POST', 'ADMIN', '', 400, 'BODY_INVALID'],
    [
      'a body over the limit',
      '/v1/ingest/cloudtrail',
      'POST',
      'ADMIN',
      'x'.repeat(300_000),
      413,
      'BODY_TOO_LARGE',
    ],
    [
      'a bad query',
      '/v1/alerts?severity=LOUD',
      'GET',
      'ADMIN',
      undefined,
      400,
      'VALIDATION_FAILED',
    ],
    ['an unknown alert', '/v1/alerts/nope', 'GET', 'ADMIN', undefined, 404, 'NOT_FOUND'],
  ] as const)(
    'answers %s with a clear JSON error',
    async (_name, path, method, bearer, body, status, code) => {
      const auth = bearer === 'ADMIN' ? token : bearer
      const response = await call(path, { method, ...(body === undefined ? {} : { body }) }, auth)
      expect(response.status).toBe(status)
      const error = ErrorBody.parse(await response.json())
      expect(error.error.code).toBe(code)
      expect(error.error.message.length).toBeGreaterThan(5)
    },
  )

  it('keeps serving after bad input, and nothing half-written', async () => {
    const before = AlertPage.parse(await (await call('/v1/alerts')).json()).alerts[0]?.eventCount
    await call('/v1/ingest/cloudtrail', {
      method: 'POST',
      body: `[${JSON.stringify(rootLogin())},`,
    })
    const after = AlertPage.parse(await (await call('/v1/alerts')).json()).alerts[0]?.eventCount
    expect(after).toBe(before)
    expect((await call('/healthz', {}, null)).status).toBe(200)
  })

  it('exposes Prometheus metrics and the OpenAPI document', async () => {
    const metrics = await (await call('/metrics', {}, null)).text()
    expect(metrics).toMatch(
      /caracal_events_in_total\{stage="parse",component="AWS.CloudTrail"\} \d+/,
    )
    expect(metrics).toMatch(
      /caracal_errors_total\{stage="parse",component="AWS.CloudTrail",code="PARSE_FAILED"\} 1/,
    )
    expect(metrics).toContain('caracal_stage_duration_seconds_bucket')
    const openapi = (await (await call('/openapi.json', {}, null)).json()) as {
      openapi: string
      paths: Record<string, unknown>
    }
    expect(openapi.openapi).toMatch(/^3\./)
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/v1/ingest/{source}',
        '/v1/alerts',
        '/v1/alerts/{id}',
        '/v1/queries',
        '/v1/queries/{id}/results',
        '/v1/search',
        '/healthz',
        '/metrics',
      ]),
    )
  })
})
