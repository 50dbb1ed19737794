import { execFile } from 'node:child_process'
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { serve } from '../src/app/index.js'
import type { RunningServer } from '../src/cli/index.js'
import { AlertPage, IngestReport, type Alert } from '../src/contract/index.js'
import { loadConfig } from '../src/platform/config/index.js'
import { openStore } from '../src/platform/store/index.js'
import { silentLogger } from '../src/platform/telemetry/index.js'
import { cloudTrailEvent } from './helpers/cloudtrail-events.js'
import { tempDir } from './helpers/temp-dir.js'
import { cliArgs } from './helpers/cli.js'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const content = join(root, 'test/fixtures/panther-content')

async function caracal(args: string[]) {
  try {
    const { stdout } = await run(process.execPath, [...cliArgs, ...args], {
      cwd: root,
      env: { ...process.env, CARACAL_LOG__LEVEL: 'warn', CARACAL_DETECTIONS__WORKERS: '2' },
    })
    return { code: 0, stdout }
  } catch (err) {
    const e = err as { code: number; stdout: string }
    return { code: e.code, stdout: e.stdout }
  }
}

interface JsonlResult {
  detection_id: string
  test_name: string
  outcome: string
  matched: unknown
  functions: Record<string, { output?: unknown; error?: string }>
}

describe('the Panther-format fixture content under caracal test', () => {
  const dir = tempDir('panther-content')
  afterAll(() => {
    dir.remove()
  })

  it('passes every test, policies included, in text and jsonl', async () => {
    const data = join(dir.path, 'data')
    const text = await caracal(['test', content, '--data', data])
    expect(text.stdout.split('\n').at(-2)).toBe('37 passed, 0 failed')
    expect(text.code).toBe(0)
    // Caching helpers ran in an in-memory state of the run: nothing reached the store.
    if (existsSync(join(data, 'caracal.db'))) {
      const store = await openStore({ kind: 'sqlite', path: join(data, 'caracal.db') })
      const rows = await store.db.selectFrom('detection_state').selectAll().execute()
      await store.close()
      expect(rows).toEqual([])
    }

    const jsonl = await caracal(['test', content, '--format', 'jsonl'])
    expect(jsonl.code).toBe(0)
    const results = jsonl.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as JsonlResult)
    expect(results).toHaveLength(37)
    expect(results.every((r) => r.outcome === 'pass')).toBe(true)
    const by = new Map(results.map((r) => [`${r.detection_id}/${r.test_name}`, r]))
    const get = (id: string, name: string) => by.get(`${id}/${name}`)
    expect(
      get('Fixture.CT.Udm', 'data model Path and Method, top-level fallback')?.functions,
    ).toMatchObject({
      title: { output: 'mallory created a user from 203.0.113.9' },
      alert_context: { output: { region: 'eu-west-1', path: '$.sourceIPAddress' } },
    })
    expect(get('Fixture.CT.Mocks', 'VIP per the mocked directory')?.functions.title).toEqual({
      output: 'VIP bob deleted a trail (mocked=True)',
    })
    expect(
      get('Fixture.CT.DefaultSeverity', 'DEFAULT keeps the YAML severity')?.functions,
    ).toMatchObject({ severity: { output: 'MEDIUM' } })
    expect(
      get('Fixture.CT.DefaultSeverity', 'root escalates, in any case')?.functions,
    ).toMatchObject({ severity: { output: 'CRITICAL' } })
    expect(get('Fixture.CT.NoDelivery', 'an empty destinations list')?.functions).toMatchObject({
      destinations: { output: [] },
    })
    expect(
      get('Fixture.CT.DeepWalk', 'the same CIDR twice comes back once (unique)')?.functions
        .alert_context,
    ).toEqual({ output: { unique: '0.0.0.0/0', first: '0.0.0.0/0', last: '0.0.0.0/0' } })
    expect(get('Fixture.Udm', 'no data model, p_udm fallback')?.functions.title).toEqual({
      output: 'login from 192.0.2.2 by nobody',
    })
    expect(get('Fixture.Policy.MFA', 'non-compliant user (alert functions run)')).toMatchObject({
      matched: false,
      functions: { title: { output: 'bob has no MFA' } },
    })
    expect(get('Fixture.Disabled', 'disabled rules are tested too')?.outcome).toBe('pass')
  })

  it('fails (exit 1) on a deliberately broken copy of one test', async () => {
    const copy = join(dir.path, 'content')
    cpSync(content, copy, { recursive: true })
    const file = join(copy, 'rules/ct_mocks.yml')
    const yaml = readFileSync(file, 'utf8')
    const broken = yaml.replace(
      /(- Name: real directory without mocks\n\s+ExpectedResult:) true/,
      '$1 false',
    )
    expect(broken).not.toBe(yaml)
    writeFileSync(file, broken)
    const { code, stdout } = await caracal(['test', copy])
    expect(stdout).toContain('\t[FAIL] real directory without mocks')
    expect(stdout.split('\n').at(-2)).toBe('36 passed, 1 failed')
    expect(code).toBe(1)
  })
})

describe('the Panther-format fixture content in the real pipeline', () => {
  const dir = tempDir('panther-pipeline')
  let server: RunningServer | undefined
  const file = join(dir.path, 'caracal.yml')
  writeFileSync(
    file,
    ['lake:', '  flushIntervalMs: 100', 'detections:', '  builtin: false', '  workers: 1', ''].join(
      '\n',
    ) + `  dirs: [${JSON.stringify(content)}]\n`,
  )
  // The admin token is made on the first start only.
  let token = ''
  const start = async () => {
    const config = loadConfig({ file, env: {}, overrides: { data: join(dir.path, 'data') } })
    server = await serve(config, { demo: false, port: 0 }, silentLogger())
    token ||= server.adminToken ?? ''
    return server
  }

  afterAll(async () => {
    await server?.close()
    dir.remove()
  })

  const ingest = async (s: RunningServer, events: Record<string, unknown>[]) => {
    const response = await fetch(`${s.url}/v1/ingest/cloudtrail`, {
      method: 'POST',
      body: events.map((e) => JSON.stringify(e)).join('\n'),
      headers: { authorization: `Bearer ${token}` },
    })
    expect(response.status).toBe(200)
    return IngestReport.parse(await response.json())
  }
  const alerts = async (s: RunningServer): Promise<Alert[]> => {
    const response = await fetch(`${s.url}/v1/alerts?limit=100`, {
      headers: { authorization: `Bearer ${token}` },
    })
    return AlertPage.parse(await response.json()).alerts
  }
  const ct = (eventName: string, extra: Record<string, unknown> = {}) =>
    cloudTrailEvent({ eventName, ...extra })

  it('fires the expected alerts, RULE_ERROR alerts per exception type, state across restarts', async () => {
    let s = await start()
    const report = await ingest(s, [
      ct('CreateUser', { sourceIPAddress: '203.0.113.9', awsRegion: 'eu-west-1' }),
      ct('StopLogging'),
      ct('PutBucketPolicy', { requestParameters: { bucketName: 'logs' } }),
      ct('PutObjectTagging'),
      ct('FixtureReturnTypes', {
        userIdentity: { type: 'IAMUser', userName: 'numbers', arn: 'arn:aws:iam::1:user/n' },
      }),
      ct('FixtureRaiseValueError'),
      ct('FixtureRaiseValueError'),
      ct('FixtureRaiseKeyError'),
      ct('GetSecretValue', {
        sourceIPAddress: '198.51.100.77',
        requestParameters: { secretId: 's1' },
      }),
      ct('DescribeInstances'),
    ])
    expect(report).toMatchObject({ parsed: 10, matches: 5 })
    // Raises ×3, plus ReturnTypes' title and severity.
    expect(report.ruleErrors).toBe(5)
    const first = await alerts(s)
    const byRule = (id: string, type = 'RULE') =>
      first.filter((a) => a.ruleId === id && a.type === type)
    expect(byRule('Fixture.CT.Udm')[0]).toMatchObject({
      title: 'alice created a user from 203.0.113.9',
      dedup: 'alice',
      context: { region: 'eu-west-1', path: '$.sourceIPAddress', missing: null },
    })
    expect(byRule('Fixture.CT.DefaultSeverity')[0]?.severity).toBe('MEDIUM')
    expect(byRule('Fixture.CT.NoDelivery')[0]?.destinations).toEqual([])
    const limits = byRule('Fixture.CT.Limits')[0]
    expect(limits?.title).toBe('T'.repeat(1000))
    expect(limits?.dedup).toBe('D'.repeat(1000))
    expect(byRule('Fixture.CT.ReturnTypes')[0]).toMatchObject({
      title: 'Wrong return types',
      severity: 'LOW',
    })
    const errors = byRule('Fixture.CT.Raises', 'RULE_ERROR')
    expect(errors.map((a) => [a.dedup, a.eventCount]).sort()).toEqual([
      ['KeyError', 1],
      ['ValueError', 2],
    ])
    const valueError = errors.find((a) => a.dedup === 'ValueError')
    expect(valueError?.context).toMatchObject({
      errorType: 'ValueError',
      function: 'rule',
      sampleEvent: { eventName: 'FixtureRaiseValueError' },
    })
    expect(String(valueError?.context.message)).toMatch(
      /bad value on purpose \(.*ct_raises\.py:5\)/,
    )
    expect(byRule('Fixture.CT.Caching')).toEqual([])

    // The caching counter lives in the store: the second read after a restart fires.
    await s.close()
    server = undefined
    s = await start()
    await ingest(s, [
      ct('GetSecretValue', {
        sourceIPAddress: '198.51.100.77',
        requestParameters: { secretId: 's2' },
      }),
      ct('FixtureRaiseValueError'),
    ])
    const after = await alerts(s)
    const caching = after.find((a) => a.ruleId === 'Fixture.CT.Caching')
    expect(caching).toMatchObject({
      title: 'Secrets read repeatedly from 198.51.100.77',
      context: { secrets: ['s1', 's2'] },
    })
    // Grouping survived the restart too: the ValueError alert grew.
    expect(after.find((a) => a.type === 'RULE_ERROR' && a.dedup === 'ValueError')?.eventCount).toBe(
      3,
    )
  })
})
