import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RuleError } from '../core/index.js'
import { PrometheusMetrics, silentLogger } from '../platform/telemetry/index.js'
import {
  TestClock,
  detectionMap,
  makeMatch,
  makeMeta,
  openTempStore,
  type TempStore,
} from './fixtures/alert-test-kit.js'
import { createAlertService, type AlertService, type BatchMark } from './alert-service.js'

const metas = detectionMap(makeMeta())
const streamed = (key: string): BatchMark => ({ key, skipIfRecorded: false })
const replayed = (key: string): BatchMark => ({ key, skipIfRecorded: true })

const error = (errorType = 'KeyError'): RuleError => ({
  ruleId: 'Test.Rule',
  ruleVersion: 'v1',
  functionName: 'rule',
  errorType,
  message: "'user' (rules/x.py:7)",
  event: { p_log_type: 'AWS.CloudTrail', p_event_time: '2024-05-01 11:59:00.000' },
})

describe('recording a batch again after a crash', () => {
  let store: TempStore
  let clock: TestClock
  let alerts: AlertService

  beforeEach(async () => {
    store = await openTempStore()
    clock = new TestClock()
    alerts = createAlertService({
      db: store.db,
      logger: silentLogger(),
      metrics: new PrometheusMetrics(),
      now: clock.now,
      destinations: [{ id: 'slack', severities: ['HIGH'], alertTypes: ['RULE', 'RULE_ERROR'] }],
    })
  })
  afterEach(() => store.close())

  async function counts(): Promise<Record<string, number>> {
    const rows = await store.db.selectFrom('alerts').select(['type', 'event_count']).execute()
    return Object.fromEntries(rows.map((r) => [r.type, r.event_count]))
  }

  async function outboxRows(): Promise<number> {
    return (await store.db.selectFrom('outbox').select('id').execute()).length
  }

  it('leaves RULE_ERROR counts alone for a batch already recorded; another batch adds', async () => {
    const first = await alerts.recordRuleErrors([error(), error()], metas, streamed('b1|CT'))
    expect(first.opened).toHaveLength(1)
    clock.advance(60_000)
    const again = await alerts.recordRuleErrors([error(), error()], metas, replayed('b1|CT'))
    expect(again.opened).toEqual([])
    // The replayed errors still name the alert they belong to.
    expect(again.updated).toMatchObject([{ id: first.opened[0]?.id, eventCount: 2 }])
    expect(await counts()).toEqual({ RULE_ERROR: 2 })
    expect(await outboxRows()).toBe(1)

    const next = await alerts.recordRuleErrors([error()], metas, replayed('b2|CT'))
    expect(next.updated).toMatchObject([{ id: first.opened[0]?.id, eventCount: 3 }])
    expect(await counts()).toEqual({ RULE_ERROR: 3 })
  })

  it('leaves RULE counts alone for a batch already recorded; another batch adds', async () => {
    const first = await alerts.recordMatches([makeMatch(), makeMatch()], metas, streamed('b1|CT'))
    const again = await alerts.recordMatches([makeMatch(), makeMatch()], metas, replayed('b1|CT'))
    expect(again).toMatchObject({ opened: [], updated: [{ id: first.opened[0]?.id }] })
    expect(await counts()).toEqual({ RULE: 2 })
    await alerts.recordMatches([makeMatch()], metas, replayed('b2|CT'))
    expect(await counts()).toEqual({ RULE: 3 })
    expect(await outboxRows()).toBe(1)
  })

  it("marks a batch's errors and matches apart: a crash between them replays only the matches", async () => {
    await alerts.recordRuleErrors([error()], metas, streamed('b1|CT'))
    // Crash: the matches of b1 were never recorded. The replay records them, not the errors.
    await alerts.recordRuleErrors([error()], metas, replayed('b1|CT'))
    const matches = await alerts.recordMatches([makeMatch()], metas, replayed('b1|CT'))
    expect(matches.opened).toHaveLength(1)
    expect(await counts()).toEqual({ RULE: 1, RULE_ERROR: 1 })
  })

  it('counts errors without a batch, or streamed under a reused key, every time', async () => {
    await alerts.recordRuleErrors([error()], metas)
    await alerts.recordRuleErrors([error()], metas)
    await alerts.recordRuleErrors([error()], metas, streamed('b1|CT'))
    await alerts.recordRuleErrors([error()], metas, streamed('b1|CT'))
    expect(await counts()).toEqual({ RULE_ERROR: 4 })
  })
})
