import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openScheduledQueries, type ScheduledQueries } from '../src/app/scheduled-queries.js'
import { openRuntime, serve, type Runtime } from '../src/app/index.js'
import type { RunningServer } from '../src/cli/index.js'
import { AlertPage, ScheduledQueryView, ScheduledRun } from '../src/contract/index.js'
import { loadConfig, type Config } from '../src/platform/config/index.js'
import { silentLogger } from '../src/platform/telemetry/index.js'
import { cloudTrailEvent, rootLogin } from './helpers/cloudtrail-events.js'
import { tempDir } from './helpers/temp-dir.js'
import { runCli } from './helpers/cli.js'

const content = fileURLToPath(new URL('./fixtures/scheduled-content/', import.meta.url))
const rootQuery = 'Root Console Logins'

function config(dir: string): Config {
  const file = join(dir, 'caracal.yml')
  writeFileSync(
    file,
    [
      'lake:',
      '  flushIntervalMs: 100',
      '  compaction: { enabled: false }',
      'detections:',
      '  builtin: false',
      '  workers: 1',
      '',
    ].join('\n') + `  dirs: [${JSON.stringify(content)}]\n`,
  )
  return loadConfig({ file, env: {}, overrides: { data: join(dir, 'data') } })
}

const recent = () => new Date(Date.now() - 60_000).toISOString()

describe('scheduled queries through the API', () => {
  const dir = tempDir('scheduled-api')
  let server: RunningServer
  let auth: Record<string, string>

  beforeAll(async () => {
    server = await serve(config(dir.path), { demo: false, port: 0 }, silentLogger())
    auth = { authorization: `Bearer ${server.adminToken ?? ''}` }
    const body = [
      JSON.stringify(rootLogin({ eventTime: recent() })),
      JSON.stringify(cloudTrailEvent({ eventTime: recent() })),
    ].join('\n')
    const ingested = await fetch(`${server.url}/v1/ingest/cloudtrail`, {
      method: 'POST',
      body,
      headers: auth,
    })
    expect(ingested.status).toBe(200)
  })

  afterAll(async () => {
    await server.close()
    dir.remove()
  })

  const get = async (path: string) => fetch(`${server.url}${path}`, { headers: auth })
  const runNow = async (name: string) =>
    fetch(`${server.url}/v1/scheduled-queries/${encodeURIComponent(name)}/run`, {
      method: 'POST',
      headers: auth,
    })

  it('requires a token', async () => {
    expect((await fetch(`${server.url}/v1/scheduled-queries`)).status).toBe(401)
  })

  it('lists the scheduled queries with their rules and schedules', async () => {
    const response = await get('/v1/scheduled-queries')
    expect(response.status).toBe(200)
    const { queries } = (await response.json()) as { queries: unknown[] }
    const views = queries.map((q) => ScheduledQueryView.parse(q))
    expect(views.map((v) => [v.name, v.cron, v.rateMinutes, v.rules, v.lastRun])).toEqual([
      ['Broken Query', '*/10 * * * *', null, [], null],
      [rootQuery, null, 5, ['Scheduled.RootLogins'], null],
    ])
    expect(Date.parse(views[1]?.nextRunAt ?? '')).toBeGreaterThan(Date.now())
  })

  it('runs a query now, feeds its rows to the scheduled rule and opens an alert', async () => {
    const response = await runNow(rootQuery)
    expect(response.status).toBe(200)
    const run = ScheduledRun.parse(await response.json())
    expect(run).toMatchObject({
      queryName: rootQuery,
      trigger: 'manual',
      status: 'succeeded',
      rows: 1,
      matches: 1,
      alertsOpened: 1,
      error: null,
    })
    const page = AlertPage.parse(await (await get('/v1/alerts')).json())
    expect(page.alerts.map((a) => [a.ruleId, a.severity, a.title])).toEqual([
      ['Scheduled.RootLogins', 'HIGH', `Root console login from 192.0.2.44 (${rootQuery})`],
    ])
  })

  it('records a failing query with its error and keeps running the others', async () => {
    const failed = ScheduledRun.parse(await (await runNow('Broken Query')).json())
    expect(failed.status).toBe('failed')
    expect(failed.error).toMatch(/no_such_table/)
    // The same rows again join the open alert: grouped like streaming matches.
    const again = ScheduledRun.parse(await (await runNow(rootQuery)).json())
    expect(again).toMatchObject({ status: 'succeeded', rows: 1, matches: 1, alertsOpened: 0 })
    const page = AlertPage.parse(await (await get('/v1/alerts')).json())
    expect(page.alerts.map((a) => [a.ruleId, a.eventCount])).toEqual([['Scheduled.RootLogins', 2]])

    const runs = (await (
      await get(`/v1/scheduled-queries/${encodeURIComponent('Broken Query')}/runs`)
    ).json()) as { runs: unknown[] }
    expect(runs.runs.map((r) => ScheduledRun.parse(r).status)).toEqual(['failed'])
    const rootRuns = (await (
      await get(`/v1/scheduled-queries/${encodeURIComponent(rootQuery)}/runs?limit=1`)
    ).json()) as { runs: unknown[] }
    expect(rootRuns.runs.map((r) => ScheduledRun.parse(r).id)).toEqual([again.id])
  })

  it('answers 404 for an unknown query', async () => {
    expect((await runNow('Nope')).status).toBe(404)
    expect((await get('/v1/scheduled-queries/Nope/runs')).status).toBe(404)
  })
})

describe('the scheduler on an injected clock', () => {
  const dir = tempDir('scheduled-clock')
  let runtime: Runtime
  let scheduled: ScheduledQueries
  const start = new Date('2026-01-01T00:02:00Z')

  beforeAll(async () => {
    runtime = await openRuntime(config(dir.path), silentLogger())
    await runtime.sink.submit({
      id: 'clock-batch',
      sourceId: 'test',
      logType: 'AWS.CloudTrail',
      records: [JSON.stringify(rootLogin({ eventTime: recent() }))],
      receivedAt: new Date(),
    })
    scheduled = await openScheduledQueries(runtime, { now: () => start })
  })

  afterAll(async () => {
    await scheduled.close()
    await runtime.close()
    dir.remove()
  })

  it('runs each query when its rate or cron comes due, and only then', async () => {
    const at = (hhmm: string) => new Date(`2026-01-01T${hhmm}:00Z`)
    const names = async (hhmm: string) =>
      (await scheduled.scheduler.runDue(at(hhmm))).map((r) => [r.queryName, r.status])
    expect(await names('00:06')).toEqual([])
    expect(await names('00:07')).toEqual([[rootQuery, 'succeeded']])
    expect(await names('00:09')).toEqual([])
    expect(await names('00:10')).toEqual([['Broken Query', 'failed']])
    expect(await names('00:12')).toEqual([[rootQuery, 'succeeded']])
    // Down for an hour: the missed times make one run, not twelve.
    expect(await names('01:15')).toEqual([
      ['Broken Query', 'failed'],
      [rootQuery, 'succeeded'],
    ])
    const runs = await scheduled.scheduler.runs(rootQuery, 10)
    expect(runs.map((r) => [r.trigger, r.status, r.rows, r.alertsOpened])).toEqual([
      ['schedule', 'succeeded', 1, 0],
      ['schedule', 'succeeded', 1, 0],
      ['schedule', 'succeeded', 1, 1],
    ])
  })
})

describe('caracal scheduled', () => {
  const dir = tempDir('scheduled-cli')
  const caracal = (args: string[], input?: string) =>
    runCli(['-c', join(dir.path, 'caracal.yml'), '--data', join(dir.path, 'data'), ...args], {
      ...(input === undefined ? {} : { input }),
    })

  afterAll(() => {
    dir.remove()
  })

  it('lists, runs now and shows runs', async () => {
    config(dir.path)
    const events = `${JSON.stringify(rootLogin({ eventTime: recent() }))}\n`
    const ingested = await caracal(['ingest', '--log-type', 'AWS.CloudTrail', '-'], events)
    expect(ingested.code, ingested.stderr).toBe(0)
    const ran = await caracal(['scheduled', 'run-now', rootQuery])
    expect(ran.stdout).toMatch(/\(manual\) 1 rows, 1 matches, 1 alerts opened/)
    expect(ran.code, ran.stderr).toBe(0)
    const broken = await caracal(['scheduled', 'run-now', 'Broken Query'])
    expect(broken.stdout).toMatch(/failed: .*no_such_table/)
    expect(broken.code).toBe(1)
    const list = await caracal(['scheduled', 'list'])
    expect(list.stdout).toContain(
      `${rootQuery}  every 5 min  rules: Scheduled.RootLogins  last run`,
    )
    expect(list.stdout).toContain('Broken Query  cron */10 * * * *  no rules  last run')
    const runs = await caracal(['scheduled', 'runs', rootQuery, '--json'])
    expect((JSON.parse(runs.stdout) as unknown[]).map((r) => ScheduledRun.parse(r).status)).toEqual(
      ['succeeded'],
    )
  }, 180_000)
})
