import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../platform/telemetry/index.js'
import { loadPantherContent, runDetectionTests, type TestReport } from './index.js'

/**
 * The data models Caracal ships, exercised the way Panther helpers use them: a Python rule reads
 * `event.udm(...)` on a sample event of each log type and reports what it saw in its title.
 */
const modelsDir = fileURLToPath(new URL('../../content/data-models/', import.meta.url))
const names = [
  'actor_user',
  'source_ip',
  'destination_ip',
  'source_port',
  'destination_port',
  'event_type',
  'user_agent',
  'http_status',
  'http_method',
  'dns_query',
]
const noMetrics = { eventsIn() {}, eventsOut() {}, errors() {}, queueDepth() {}, latency() {} }

/** Sample events in each vendor's format, and the unified fields each must yield. */
const samples: { logType: string; event: Record<string, unknown>; udm: Record<string, unknown> }[] =
  [
    {
      logType: 'AWS.CloudTrail',
      event: {
        eventName: 'AssumeRole',
        sourceIPAddress: '198.51.100.23',
        userAgent: 'aws-cli/2.15.40',
        recipientAccountId: '123456789012',
        userIdentity: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::123456789012:assumed-role/Deployer/ci',
          sessionContext: { sessionIssuer: { userName: 'Deployer' } },
        },
      },
      udm: {
        actor_user: 'Deployer',
        source_ip: '198.51.100.23',
        user_agent: 'aws-cli/2.15.40',
        event_type: 'AssumeRole',
      },
    },
    {
      logType: 'Okta.SystemLog',
      event: {
        eventType: 'user.session.start',
        actor: { alternateId: 'bob@example.com' },
        client: { ipAddress: '198.51.100.40', userAgent: { rawUserAgent: 'Mozilla/5.0' } },
      },
      udm: {
        actor_user: 'bob@example.com',
        source_ip: '198.51.100.40',
        user_agent: 'Mozilla/5.0',
        event_type: 'user.session.start',
      },
    },
    {
      logType: 'GSuite.Reports',
      event: {
        actor: { email: 'ada@example.com' },
        ipAddress: '203.0.113.9',
        events: [{ type: 'login', name: 'login_success' }],
      },
      udm: {
        actor_user: 'ada@example.com',
        source_ip: '203.0.113.9',
        event_type: 'successful_login',
      },
    },
    // Failed sign-ins of five vendors share one standard event type, as Panther's helpers expect.
    {
      logType: 'AWS.CloudTrail',
      event: {
        eventName: 'ConsoleLogin',
        sourceIPAddress: '203.0.113.66',
        userIdentity: { type: 'IAMUser', userName: 'bob' },
        responseElements: { ConsoleLogin: 'Failure' },
      },
      udm: { actor_user: 'bob', source_ip: '203.0.113.66', event_type: 'failed_login' },
    },
    {
      logType: 'Okta.SystemLog',
      event: {
        eventType: 'user.session.start',
        outcome: { result: 'FAILURE' },
        actor: { alternateId: 'bob@example.com' },
        client: { ipAddress: '203.0.113.66' },
      },
      udm: { actor_user: 'bob@example.com', event_type: 'failed_login' },
    },
    {
      logType: 'Microsoft.EntraID.SignIn',
      event: {
        userPrincipalName: 'bob@example.com',
        ipAddress: '203.0.113.66',
        status: { errorCode: 50126 },
      },
      udm: { actor_user: 'bob@example.com', source_ip: '203.0.113.66', event_type: 'failed_login' },
    },
    {
      logType: 'Duo.Authentication',
      event: { result: 'denied', user: { name: 'bob' }, access_device: { ip: '203.0.113.66' } },
      udm: { actor_user: 'bob', source_ip: '203.0.113.66', event_type: 'failed_login' },
    },
    {
      logType: 'OneLogin.Events',
      event: { event_type_id: 6, actor_user_name: 'Bob', ipaddr: '203.0.113.66' },
      udm: { actor_user: 'Bob', source_ip: '203.0.113.66', event_type: 'failed_login' },
    },
    {
      logType: 'GitHub.Audit',
      event: { action: 'repo.destroy', actor: 'octocat', actor_ip: '192.0.2.10', user_agent: 'gh' },
      udm: {
        actor_user: 'octocat',
        source_ip: '192.0.2.10',
        user_agent: 'gh',
        event_type: 'repo.destroy',
      },
    },
    {
      logType: 'AWS.VPCFlow',
      event: { srcAddr: '10.0.0.5', dstAddr: '203.0.113.80', srcPort: 49152, dstPort: 22 },
      udm: {
        source_ip: '10.0.0.5',
        destination_ip: '203.0.113.80',
        source_port: 49152,
        destination_port: 22,
      },
    },
    {
      logType: 'Zeek.Conn.TSV',
      event: {
        'id.orig_h': '10.0.0.7',
        'id.orig_p': 51234,
        'id.resp_h': '192.0.2.53',
        'id.resp_p': 53,
      },
      udm: {
        source_ip: '10.0.0.7',
        source_port: 51234,
        destination_ip: '192.0.2.53',
        destination_port: 53,
      },
    },
    {
      logType: 'Zeek.DNS.TSV',
      event: { 'id.orig_h': '10.0.0.7', 'id.resp_h': '192.0.2.53', query: 'example.org' },
      udm: { source_ip: '10.0.0.7', destination_ip: '192.0.2.53', dns_query: 'example.org' },
    },
    {
      logType: 'Suricata.HTTP',
      event: {
        event_type: 'http',
        src_ip: '10.0.0.9',
        dest_ip: '192.0.2.80',
        http: { http_user_agent: 'sqlmap/1.8', status: 200 },
      },
      udm: {
        source_ip: '10.0.0.9',
        destination_ip: '192.0.2.80',
        user_agent: 'sqlmap/1.8',
        http_status: 200,
        event_type: 'http',
      },
    },
    {
      logType: 'Nginx.Access',
      event: {
        remoteAddr: '203.0.113.5',
        request: 'POST /login HTTP/1.1',
        status: 401,
        httpUserAgent: 'curl/8.5.0',
      },
      udm: {
        source_ip: '203.0.113.5',
        http_method: 'POST',
        http_status: 401,
        user_agent: 'curl/8.5.0',
      },
    },
    {
      logType: 'Apache.AccessCombined',
      event: {
        remote_host_ip_address: '203.0.113.6',
        request_method: 'GET',
        response_status: 404,
        user_agent: 'Nikto/2.5.0',
      },
      udm: {
        source_ip: '203.0.113.6',
        http_method: 'GET',
        http_status: 404,
        user_agent: 'Nikto/2.5.0',
      },
    },
    {
      logType: 'GCP.AuditLog',
      event: {
        protoPayload: {
          methodName: 'SetIamPolicy',
          authenticationInfo: { principalEmail: 'ops@example.com' },
          requestMetadata: { callerIp: '192.0.2.44', callerSuppliedUserAgent: 'gcloud' },
        },
      },
      udm: {
        actor_user: 'ops@example.com',
        source_ip: '192.0.2.44',
        user_agent: 'gcloud',
        event_type: 'SetIamPolicy',
      },
    },
    {
      logType: 'Kubernetes.Audit',
      event: { verb: 'create', user: { username: 'dev' }, sourceIPs: ['192.0.2.7'] },
      udm: { actor_user: 'dev', source_ip: '192.0.2.7', event_type: 'create' },
    },
  ]

let dir: string
let report: TestReport
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caracal-udm-'))
  const tests = samples.map((s, i) => ({
    Name: `${String(i)} ${s.logType}`,
    ExpectedResult: true,
    Log: { ...s.event, p_log_type: s.logType },
  }))
  await writeFile(
    join(dir, 'udm_probe.yml'),
    JSON.stringify({
      AnalysisType: 'rule',
      RuleID: 'Probe.UDM',
      Enabled: true,
      Filename: 'udm_probe.py',
      LogTypes: [...new Set(samples.map((s) => s.logType))],
      Severity: 'Info',
      Tests: tests,
    }),
  )
  await writeFile(
    join(dir, 'udm_probe.py'),
    [
      'import json',
      `NAMES = ${JSON.stringify(names)}`,
      'def rule(event):',
      '    return True',
      'def title(event):',
      '    seen = {n: event.udm(n) for n in NAMES}',
      '    return json.dumps({k: v for k, v in seen.items() if v is not None}, sort_keys=True)',
      '',
    ].join('\n'),
  )
  const [models, probe] = await Promise.all([
    loadPantherContent([modelsDir]),
    loadPantherContent([dir]),
  ])
  expect(models.errors).toEqual([])
  report = await runDetectionTests(
    {
      typescript: { detections: [], errors: [] },
      panther: { ...probe, dataModels: models.dataModels },
    },
    {
      filters: [],
      minTests: 0,
      workers: 1,
      timeoutMs: 5000,
      logger: silentLogger(),
      metrics: noMetrics,
    },
  )
}, 60_000)
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('shipped data models', () => {
  it('load without errors, one per log type', async () => {
    const { dataModels, errors } = await loadPantherContent([modelsDir])
    expect(errors).toEqual([])
    const logTypes = dataModels.flatMap((m) => m.logTypes)
    expect(new Set(logTypes).size).toBe(logTypes.length)
    expect(logTypes).toEqual(expect.arrayContaining(samples.map((s) => s.logType)))
  })

  it('load from the content root, whose log type schemas are not analysis items', async () => {
    const contentRoot = fileURLToPath(new URL('../../content/', import.meta.url))
    const { dataModels, errors } = await loadPantherContent([contentRoot])
    expect(errors).toEqual([])
    expect(dataModels.map((m) => m.id)).toContain('Standard.Okta.SystemLog')
  })

  it.each(samples.map((s, i) => [s.logType, i] as const))(
    'event.udm() resolves the unified fields of %s',
    (_logType, i) => {
      const sample = samples[i]
      const result = report.detections[0]?.results[i]
      expect(result?.functions.title?.error).toBeUndefined()
      const seen = JSON.parse(String(result?.functions.title?.output)) as Record<string, unknown>
      expect(seen).toMatchObject(sample?.udm ?? {})
    },
  )
})
