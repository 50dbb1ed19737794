import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openScheduledQueries } from '../src/app/scheduled-queries.js'
import { openRuntime, serve } from '../src/app/index.js'
import type { RunningServer } from '../src/cli/index.js'
import { AlertPage, ScheduledQueryView, ScheduledRun } from '../src/contract/index.js'
import { loadConfig, type Config } from '../src/platform/config/index.js'
import { silentLogger } from '../src/platform/telemetry/index.js'
import { rootLogin } from './helpers/cloudtrail-events.js'
import { runCli } from './helpers/cli.js'
import { tempDir } from './helpers/temp-dir.js'

/** Lookback, results over the reader's row cap, odd query names, and packs' scheduled content. */

const oddName = `Root "Console" Logins v1.2`
const never = `Schedule:\n  CronExpression: '0 0 1 1 *'\n`
const rootSql = (extra: string) =>
  `Query: >\n  SELECT eventName, sourceIPAddress, p_event_time FROM panther_logs.aws_cloudtrail\n` +
  `  WHERE userIdentity.type = 'Root' ${extra}\n`
const consoleLogin =
  'def rule(event):\n    return event.get("eventName") == "ConsoleLogin"\n\n\n' +
  'def title(event):\n    return "Root console login"\n'

function write(base: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(base, name)), { recursive: true })
    writeFileSync(join(base, name), text)
  }
}

function scheduledRule(id: string, query: string, file: string): string {
  return (
    `AnalysisType: scheduled_rule\nRuleID: ${id}\nEnabled: true\nFilename: ${file}\n` +
    `ScheduledQueries:\n  - '${query}'\nSeverity: High\n`
  )
}

/** A config over a content folder written here. */
function setUp(dir: string): Config {
  const content = join(dir, 'content')
  write(content, {
    'odd.yml':
      `AnalysisType: scheduled_query\nQueryName: '${oddName}'\nEnabled: true\n` +
      rootSql("AND p_occurs_since('1 day')") +
      never,
    'odd_rule.yml': scheduledRule('Odd.RootLogins', oddName, 'login_rule.py'),
    'login_rule.py': consoleLogin,
    'many.yml':
      'AnalysisType: scheduled_query\nQueryName: Many Rows\nEnabled: true\n' +
      "Query: SELECT range AS n, 'row ' || range::VARCHAR AS label FROM range(12345)\n" +
      never,
    'many_rule.yml': scheduledRule('Many.Thousands', 'Many Rows', 'many_rule.py'),
    'many_rule.py': 'def rule(event):\n    return event.get("n") % 1000 == 0\n',
    'lookback.yml':
      'AnalysisType: scheduled_query\nQueryName: Last Hour Root\nEnabled: true\n' +
      'Lookback: true\nLookbackWindowSeconds: 3600\n' +
      rootSql('ORDER BY p_event_time') +
      'Schedule:\n  RateMinutes: 60\n',
    'all_root.yml':
      'AnalysisType: scheduled_query\nQueryName: All Root\nEnabled: true\n' + rootSql('') + never,
  })
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
      `  dirs: [${JSON.stringify(content)}]`,
      '',
    ].join('\n'),
  )
  return loadConfig({ file, env: {}, overrides: { data: join(dir, 'data') } })
}

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000)
const loginsAt = (minutes: number[]) =>
  minutes.map((m) => JSON.stringify(rootLogin({ eventTime: ago(m).toISOString() }))).join('\n')

describe('scheduled queries over the lake, through the API', () => {
  const dir = tempDir('scheduled-lake-api')
  let server: RunningServer
  let auth: Record<string, string>

  beforeAll(async () => {
    server = await serve(setUp(dir.path), { demo: false, port: 0 }, silentLogger())
    auth = { authorization: `Bearer ${server.adminToken ?? ''}` }
    const ingested = await fetch(`${server.url}/v1/ingest/cloudtrail`, {
      method: 'POST',
      body: loginsAt([1, 30, 180]),
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
    ScheduledRun.parse(
      await (
        await fetch(`${server.url}/v1/scheduled-queries/${encodeURIComponent(name)}/run`, {
          method: 'POST',
          headers: auth,
        })
      ).json(),
    )
  const alertOf = async (ruleId: string) => {
    const page = AlertPage.parse(await (await get('/v1/alerts?limit=100')).json())
    const alert = page.alerts.find((a) => a.ruleId === ruleId)
    expect(alert, ruleId).toBeDefined()
    return alert?.id ?? ''
  }
  const eventsOf = async (id: string) => {
    const events: Record<string, unknown>[] = []
    let cursor: string | null = ''
    while (cursor !== null) {
      const query: string = cursor === '' ? '' : `&cursor=${cursor}`
      const body = (await (await get(`/v1/alerts/${id}/events?limit=5${query}`)).json()) as {
        events: Record<string, unknown>[]
        nextCursor: string | null
      }
      events.push(...body.events)
      cursor = body.nextCursor
    }
    return events
  }

  it('returns the events of a scheduled rule alert whose query name has quotes and dots', async () => {
    const run = await runNow(oddName)
    expect(run).toMatchObject({ status: 'succeeded', rows: 3, matches: 3, alertsOpened: 1 })
    const events = await eventsOf(await alertOf('Odd.RootLogins'))
    expect(events.map((e) => [e.p_log_type, e.eventName, e.p_rule_id])).toEqual([
      [oddName, 'ConsoleLogin', 'Odd.RootLogins'],
      [oddName, 'ConsoleLogin', 'Odd.RootLogins'],
      [oddName, 'ConsoleLogin', 'Odd.RootLogins'],
    ])
  })

  it('feeds every row of a result over the 10,000-row cap to the rules', async () => {
    const run = await runNow('Many Rows')
    expect(run).toMatchObject({ status: 'succeeded', rows: 12345, matches: 13, alertsOpened: 1 })
    const events = await eventsOf(await alertOf('Many.Thousands'))
    expect(events.map((e) => e.n).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 13 }, (_, i) => i * 1000),
    )
    expect(new Set(events.map((e) => e.p_row_id)).size).toBe(13)
  }, 120_000)

  it('with Lookback, a run reads only the window before its time', async () => {
    expect(await runNow('All Root')).toMatchObject({ status: 'succeeded', rows: 3 })
    expect(await runNow('Last Hour Root')).toMatchObject({ status: 'succeeded', rows: 2 })
  })
})

describe('a lookback window ends at the scheduled time', () => {
  const dir = tempDir('scheduled-lake-clock')

  afterAll(() => {
    dir.remove()
  })

  it('reads the hour before the due time, not before now', async () => {
    const runtime = await openRuntime(setUp(dir.path), silentLogger())
    try {
      await runtime.sink.submit({
        id: 'lookback-batch',
        sourceId: 'test',
        logType: 'AWS.CloudTrail',
        records: loginsAt([1, 150, 300]).split('\n'),
        receivedAt: new Date(),
      })
      // Planned three hours ago: due (RateMinutes: 60) two hours ago.
      const scheduled = await openScheduledQueries(runtime, { now: () => ago(180) })
      try {
        const runs = await scheduled.scheduler.runDue(ago(120))
        expect(runs.map((r) => [r.queryName, r.status, r.rows])).toEqual([
          ['Last Hour Root', 'succeeded', 1],
        ])
      } finally {
        await scheduled.close()
      }
    } finally {
      await runtime.close()
    }
  })
})

describe('scheduled content of packs', () => {
  const dir = tempDir('scheduled-lake-packs')
  const caracal = (args: string[], input?: string) =>
    runCli(['-c', join(dir.path, 'caracal.yml'), '--data', join(dir.path, 'data'), ...args], {
      ...(input === undefined ? {} : { input }),
    })
  const list = async () => {
    const listed = await caracal(['scheduled', 'list', '--json'])
    expect(listed.code, listed.stderr).toBe(0)
    return (JSON.parse(listed.stdout) as unknown[]).map((q) => ScheduledQueryView.parse(q))
  }

  afterAll(() => {
    dir.remove()
  })

  it('runs an enabled pack’s scheduled queries and rules, and not a disabled one’s', async () => {
    setUp(dir.path)
    write(join(dir.path, 'pack'), {
      'query.yml':
        'AnalysisType: scheduled_query\nQueryName: Pack Root Logins\nEnabled: true\n' +
        rootSql('') +
        'Schedule:\n  RateMinutes: 15\n',
      'rule.yml': scheduledRule('Pack.RootLogins', 'Pack Root Logins', 'rule.py'),
      'rule.py': consoleLogin,
    })
    const added = await caracal(['packs', 'add', join(dir.path, 'pack'), '--name', 'sched'])
    expect(added.code, added.stderr).toBe(0)
    // Installed packs start disabled: listed, but neither scheduled nor with rules.
    const off = (await list()).find((q) => q.name === 'Pack Root Logins')
    expect(off).toMatchObject({ enabled: false, rules: [], nextRunAt: null })

    expect((await caracal(['packs', 'enable', 'sched'])).code).toBe(0)
    const on = (await list()).find((q) => q.name === 'Pack Root Logins')
    expect(on).toMatchObject({ enabled: true, rules: ['Pack.RootLogins'], rateMinutes: 15 })
    expect(Date.parse(on?.nextRunAt ?? '')).toBeGreaterThan(Date.now())

    const ingested = await caracal(['ingest', '--log-type', 'AWS.CloudTrail', '-'], loginsAt([5]))
    expect(ingested.code, ingested.stderr).toBe(0)
    const ran = await caracal(['scheduled', 'run-now', 'Pack Root Logins'])
    expect(ran.stdout).toMatch(/\(manual\) 1 rows, 1 matches, 1 alerts opened/)

    expect((await caracal(['packs', 'disable', 'sched'])).code).toBe(0)
    const runtime = await openRuntime(
      loadConfig({
        file: join(dir.path, 'caracal.yml'),
        env: {},
        overrides: { data: join(dir.path, 'data') },
      }),
      silentLogger(),
    )
    try {
      const scheduled = await openScheduledQueries(runtime, { now: () => ago(60) })
      try {
        // Both rate queries are due by now; the disabled pack's is not run.
        const runs = await scheduled.scheduler.runDue(new Date())
        expect(runs.map((r) => r.queryName)).toEqual(['Last Hour Root'])
        const views = await scheduled.scheduler.list()
        expect(views.find((v) => v.name === 'Pack Root Logins')).toMatchObject({
          enabled: false,
          rules: [],
        })
      } finally {
        await scheduled.close()
      }
    } finally {
      await runtime.close()
    }
  }, 300_000)
})
