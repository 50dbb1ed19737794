import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { cloudTrailEvent, rootLogin } from './helpers/cloudtrail-events.js'
import { tempDir } from './helpers/temp-dir.js'
import { runCli } from './helpers/cli.js'

const root = new URL('..', import.meta.url).pathname

const caracal = (args: string[], input?: string) =>
  runCli(args, {
    env: { CARACAL_DETECTIONS__WORKERS: '1' },
    ...(input === undefined ? {} : { input }),
  })

describe('caracal CLI', () => {
  const dir = tempDir('cli')
  const data = join(dir.path, 'data')
  afterAll(() => {
    dir.remove()
  })

  it('prints help with every command', async () => {
    const { code, stdout } = await caracal(['--help'])
    expect(code).toBe(0)
    for (const command of ['serve', 'ingest', 'alerts']) expect(stdout).toContain(command)
  })

  it('ingests a gzip file and stdin, then lists the alert', async () => {
    const file = join(dir.path, 'trail.json.gz')
    writeFileSync(file, gzipSync(JSON.stringify({ Records: [cloudTrailEvent(), rootLogin()] })))
    const first = await caracal(['ingest', '--data', data, '--log-type', 'AWS.CloudTrail', file])
    expect(first.stdout).toContain(
      '2 events parsed, 0 failed, 1 rule matches, 0 rule errors, 1 alerts opened',
    )
    expect(first.code).toBe(0)

    const lines = `${JSON.stringify(rootLogin({ eventID: 'x' }))}\nnot json\n`
    const second = await caracal(
      ['ingest', '--data', data, '--log-type', 'AWS.CloudTrail', '-'],
      lines,
    )
    expect(second.stdout).toContain('2 records read, 1 events parsed, 1 failed')
    expect(second.stderr).toContain('1 records failed to parse')
    expect(second.code).toBe(1)

    const listed = await caracal(['alerts', '--data', data, '--json'])
    const page = JSON.parse(listed.stdout) as { alerts: { ruleId: string; eventCount: number }[] }
    expect(page.alerts.map((a) => [a.ruleId, a.eventCount])).toEqual([['AWS.Root.Activity', 2]])
    const table = await caracal(['alerts', '--data', data])
    expect(table.stdout).toMatch(/HIGH\s+OPEN\s+2\s+AWS\.Root\.Activity/)
  })

  it('replays stored events through the detections, dry or for real', async () => {
    const replayData = join(dir.path, 'replay')
    const demo = join(root, 'content/samples/demo/aws-cloudtrail.jsonl')
    await caracal(['ingest', '--data', replayData, '--log-type', 'AWS.CloudTrail', demo])
    const range = ['--from', '2026-11-28', '--to', '2026-11-29']
    // One rule, so the figures hold as the built-in library grows.
    const rule = ['--rule', 'AWS.Root.Activity']
    const dry = await caracal([
      'replay',
      '--data',
      replayData,
      ...range,
      ...rule,
      '--dry-run',
      '--json',
    ])
    expect(dry.code).toBe(0)
    const report = JSON.parse(dry.stdout) as {
      events: number
      matches: number
      alertsOpened: number
      rules: { ruleId: string; matches: number; alertGroups: number }[]
    }
    expect(report).toMatchObject({ events: 31, matches: 4, alertsOpened: 0 })
    expect(report.rules).toEqual([
      expect.objectContaining({ ruleId: 'AWS.Root.Activity', matches: 4, alertGroups: 1 }),
    ])
    const none = await caracal(['replay', '--data', replayData, ...range, '--rule', 'No.Such.Rule'])
    expect(none.stdout).toContain('31 events replayed')
    expect(none.stdout).toContain('0 matches')
    const outside = await caracal([
      'replay',
      '--data',
      replayData,
      '--from',
      '2020-01-01',
      '--to',
      '2020-01-02',
      '--json',
    ])
    expect(JSON.parse(outside.stdout)).toMatchObject({ events: 0, matches: 0 })
  })

  it('lists the loaded detections with their ATT&CK mapping', async () => {
    const { code, stdout } = await caracal(['detections', '--json', '--data', data])
    expect(code).toBe(0)
    const list = JSON.parse(stdout) as {
      detections: { id: string; severity: string; attack: string[]; enabled: boolean }[]
      errors: unknown[]
    }
    expect(list.errors).toEqual([])
    expect(list.detections.length).toBeGreaterThan(100)
    expect(list.detections.find((d) => d.id === 'AWS.Root.Activity')).toMatchObject({
      severity: 'HIGH',
      attack: ['TA0004:T1078.004'],
      enabled: true,
    })
  })

  it('explains an unknown log type, a missing file and a bad config', async () => {
    const unknown = await caracal(['ingest', '--data', data, '--log-type', 'AWS.Nope', '-'], '')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('LOG_TYPE_UNKNOWN: Unknown log type AWS.Nope (known: ')
    expect(unknown.stderr).toMatch(/known: .*AWS\.CloudTrail/)

    const missing = await caracal([
      'ingest',
      '--data',
      data,
      '--log-type',
      'AWS.CloudTrail',
      join(dir.path, 'nope.json'),
    ])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('nope.json: ENOENT')

    const config = join(dir.path, 'bad.yml')
    writeFileSync(config, 'server:\n  port: high\n')
    const bad = await caracal(['alerts', '--config', config])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain(
      `CONFIG_INVALID: ${config}: server.port: Invalid input: expected number`,
    )
  })
})
