import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DetectionEngine, EventRecord } from '../../../core/index.js'
import { silentLogger } from '../../../platform/telemetry/index.js'
import { createPythonEngine, DetectionStateStore, loadPantherContent } from '../../index.js'

/** Panther-format rules written for these tests, run through the real loader and engine. */
const contentDir = fileURLToPath(
  new URL('../../../../test/fixtures/panther-content/', import.meta.url),
)
const noMetrics = { eventsIn() {}, eventsOut() {}, errors() {}, queueDepth() {}, latency() {} }
const time = '2026-11-28 12:00:00.000'

let engine: DetectionEngine
beforeAll(async () => {
  const content = await loadPantherContent([contentDir])
  expect(content.errors).toEqual([])
  engine = await createPythonEngine({
    ...content,
    workers: 1,
    timeoutMs: 500,
    state: new DetectionStateStore(),
    logger: silentLogger(),
    metrics: noMetrics,
  })
})
afterAll(async () => {
  await engine.close()
})

const login = (fields: EventRecord): EventRecord => ({
  p_log_type: 'Fixture.Login',
  p_event_time: time,
  ...fields,
})

describe('Python engine on Panther-format content', () => {
  it('matches with keys in any case, globals importing globals, and the dedup', async () => {
    const root = {
      eventName: 'ConsoleLogin',
      userIdentity: { type: 'Root', arn: 'arn:aws:iam::123456789012:root' },
    }
    const result = await engine.evaluate('AWS.CloudTrail', [root, { ...root, eventName: 'x' }])
    expect(result.errors).toEqual([])
    expect(result.matches).toHaveLength(1)
    expect(result.matches[0]).toMatchObject({
      ruleId: 'Fixture.CaseInsensitive',
      title: 'Root console login by arn:aws:iam::123456789012:root',
      dedup: 'arn:aws:iam::123456789012:root',
      severity: 'HIGH',
      alertContext: { identity: root.userIdentity, on: 'yes' },
      event: root,
    })
  })

  it('resolves udm through Path and Method mappings, else p_udm, else the top-level key', async () => {
    const mapped = login({ client: { ipAddress: '192.0.2.1' }, actor: { alternateId: 'ann' } })
    const { matches } = await engine.evaluate('Fixture.Login', [mapped])
    const udm = matches.find((m) => m.ruleId === 'Fixture.Udm')
    expect(udm?.title).toBe('login from 192.0.2.1 by ann')
    expect(udm?.alertContext).toEqual({ path: '$.client.ipAddress', missing: null })
    const viaPUdm = { p_udm: { source_ip: '192.0.2.2' } }
    const topLevel = { SOURCE_IP: '192.0.2.3' }
    const other = await engine.evaluate('Fixture.NoModel', [viaPUdm, topLevel, {}])
    expect(other.errors).toEqual([])
    expect(other.matches.map((m) => m.title)).toEqual([
      'login from 192.0.2.2 by nobody',
      'login from 192.0.2.3 by nobody',
    ])
  })

  it('applies severity() in any case, DEFAULT, and records an invalid one', async () => {
    const events = ['FAILURE', 'SUCCESS', 'OTHER'].map((outcome) => login({ outcome }))
    const result = await engine.evaluate('Fixture.Login', events)
    const sev = result.matches.filter((m) => m.ruleId === 'Fixture.DynamicSeverity')
    expect(sev.map((m) => [m.severity, m.destinations])).toEqual([
      ['CRITICAL', ['soc']],
      ['LOW', []],
      ['LOW', ['soc']],
    ])
    const bad = result.errors.filter((e) => e.ruleId === 'Fixture.DynamicSeverity')
    expect(bad).toHaveLength(1)
    expect(bad[0]).toMatchObject({ functionName: 'severity', errorType: 'ValueError' })
    expect(bad[0]?.event).toBe(events[2])
  })

  it('keeps caching counters across batches (stored by the engine)', async () => {
    const fire = async () =>
      (await engine.evaluate('Fixture.Login', [login({ user: 'carol' })])).matches.some(
        (m) => m.ruleId === 'Fixture.Caching',
      )
    expect([await fire(), await fire(), await fire()]).toEqual([false, false, true])
    const third = await engine.evaluate('Fixture.Login', [login({ user: 'carol' })])
    const match = third.matches.find((m) => m.ruleId === 'Fixture.Caching')
    expect(match?.alertContext).toEqual({ epoch: Date.parse('2026-11-28T12:00:00Z') / 1000 })
  })

  it('records a raising rule with file:line and a non-bool rule as errors', async () => {
    const boom = login({ user: 'boom' })
    const { errors } = await engine.evaluate('Fixture.Login', [boom])
    const raised = errors.find((e) => e.ruleId === 'Fixture.Raises')
    expect(raised).toMatchObject({ functionName: 'rule', errorType: 'ValueError', event: boom })
    expect(raised?.message).toMatch(/^exploded on purpose \(.*rules\/raises\.py:3\)$/)
    const nonBool = errors.find((e) => e.ruleId === 'Fixture.NonBool')
    expect(nonBool).toMatchObject({ functionName: 'rule', errorType: 'TypeError' })
    expect(nonBool?.message).toBe('rule() returned str, not bool')
  })

  it('falls back to the display name and the default dedup string', async () => {
    const { matches, errors } = await engine.evaluate('Fixture.Login', [
      login({ user: 'defaults' }),
      login({ user: 'bad-title' }),
    ])
    const defaults = matches.find((m) => m.ruleId === 'Fixture.Defaults')
    expect(defaults).toMatchObject({
      title: 'Fixture Fixture.Defaults',
      dedup: 'defaultDedupString:Fixture.Defaults',
      alertContext: {},
    })
    const context = errors.find((e) => e.ruleId === 'Fixture.Defaults')
    expect(context).toMatchObject({ functionName: 'alert_context', errorType: 'ValueError' })
    const badTitle = matches.find((m) => m.ruleId === 'Fixture.BadTitle')
    expect(badTitle).toMatchObject({
      title: 'Fixture Fixture.BadTitle',
      dedup: 'defaultDedupString:Fixture.BadTitle',
      description: 'described at runtime',
    })
    const failed = errors.filter((e) => e.ruleId === 'Fixture.BadTitle').map((e) => e.functionName)
    expect(failed).toEqual(['title', 'dedup'])
  })

  it('never runs a disabled rule', async () => {
    const { matches } = await engine.evaluate('Fixture.Login', [login({ user: 'x' })])
    expect(matches.map((m) => m.ruleId)).not.toContain('Fixture.Disabled')
  })

  it('stops a looping rule, records a timeout and finishes the batch', async () => {
    const events = [
      login({ user: 'before' }),
      login({ user: 'spin' }),
      login({ user: 'after-spin' }),
    ]
    const result = await engine.evaluate('Fixture.Login', events)
    const timeouts = result.errors.filter((e) => e.errorType === 'Timeout')
    expect(timeouts).toHaveLength(1)
    expect(timeouts[0]).toMatchObject({ ruleId: 'Fixture.Loops', functionName: 'rule' })
    expect(timeouts[0]?.event).toBe(events[1])
    expect(result.matches.filter((m) => m.ruleId === 'Fixture.Loops').map((m) => m.event)).toEqual([
      events[2],
    ])
    // The restarted worker serves the next batch.
    const next = await engine.evaluate('Fixture.Login', [login({ user: 'boom' })])
    expect(next.errors.some((e) => e.ruleId === 'Fixture.Raises')).toBe(true)
  })
})
