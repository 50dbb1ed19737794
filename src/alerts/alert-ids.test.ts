import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError, type RuleError } from '../core/index.js'
import { openStore, type Store } from '../platform/store/index.js'
import { PrometheusMetrics, silentLogger } from '../platform/telemetry/index.js'
import { deterministicAlertId } from './alert-recorder.js'
import {
  TestClock,
  detectionMap,
  makeMatch,
  makeMeta,
  openTempStore,
  type TempStore,
} from './fixtures/alert-test-kit.js'
import { createAlertService, type AlertService, type DestinationRoute } from './index.js'

const routes: DestinationRoute[] = [
  { id: 'slack', severities: ['HIGH'], alertTypes: ['RULE', 'RULE_ERROR'] },
]
const md5 = (text: string) => createHash('md5').update(text).digest('hex')

function service(store: Store, clock: TestClock): AlertService {
  return createAlertService({
    db: store.db,
    logger: silentLogger(),
    metrics: new PrometheusMetrics(),
    now: clock.now,
    destinations: routes,
  })
}

describe('deterministic alert ids', () => {
  let store: TempStore
  let clock: TestClock
  beforeEach(async () => {
    store = await openTempStore()
    clock = new TestClock()
  })
  afterEach(() => store.close())

  it('derives the id from rule id, the alert count of the group and the dedup string', async () => {
    const alerts = service(store, clock)
    const meta = makeMeta({ dedupPeriodMinutes: 10 })
    const first = await alerts.recordMatches([makeMatch()], detectionMap(meta))
    expect(first.opened[0]?.id).toBe(md5('Test.Rule:0:root'))
    expect(deterministicAlertId('Test.Rule', 0, 'root')).toBe(md5('Test.Rule:0:root'))
    // Same window: same alert. After the window: the second alert of the group.
    const again = await alerts.recordMatches([makeMatch()], detectionMap(meta))
    expect(again.updated[0]?.id).toBe(md5('Test.Rule:0:root'))
    clock.advance(11 * 60_000)
    const next = await alerts.recordMatches([makeMatch()], detectionMap(meta))
    expect(next.opened[0]?.id).toBe(md5('Test.Rule:1:root'))
  })

  it('keeps grouping across a restart of the store', async () => {
    const meta = makeMeta()
    const opened = await service(store, clock).recordMatches([makeMatch()], detectionMap(meta))
    await store.db.destroy()
    const reopened = await openStore({ kind: 'sqlite', path: store.path })
    try {
      const later = await service(reopened, clock).recordMatches(
        [makeMatch(), makeMatch()],
        detectionMap(meta),
      )
      expect(later.opened).toEqual([])
      expect(later.updated).toHaveLength(1)
      expect(later.updated[0]).toMatchObject({ id: opened.opened[0]?.id, eventCount: 3 })
    } finally {
      await reopened.close()
    }
    // Reopen for afterEach's close.
    store = { ...(await openStore({ kind: 'sqlite', path: store.path })), path: store.path }
  })

  it('two recorders on one store racing on a group make one alert with every match', async () => {
    const other = await openStore({ kind: 'sqlite', path: store.path })
    // Both connections live in this one thread: a blocking busy wait would stall the other.
    for (const db of [store.db, other.db]) await sql`PRAGMA busy_timeout = 0`.execute(db)
    try {
      const meta = makeMeta()
      const recorders = [service(store, clock), service(other, clock)]
      // A detect worker whose transaction lost the race retries its batch, as the pipeline does.
      const record = async (alerts: AlertService, n: number) => {
        const matches = Array.from({ length: n }, () => makeMatch())
        for (let attempt = 0; ; attempt += 1) {
          try {
            return await alerts.recordMatches(matches, detectionMap(meta))
          } catch (err) {
            if (!(err instanceof AppError) || attempt > 500) throw err
            await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 5))
          }
        }
      }
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => record(recorders[i % 2] as AlertService, 1 + i)),
      )
      const rows = await store.db.selectFrom('alerts').selectAll().execute()
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ id: md5('Test.Rule:0:root'), event_count: 55 })
    } finally {
      await other.close()
    }
  })
})

describe('RULE_ERROR alerts', () => {
  let store: TempStore
  let clock: TestClock
  beforeEach(async () => {
    store = await openTempStore()
    clock = new TestClock()
  })
  afterEach(() => store.close())

  const error = (errorType: string, message: string): RuleError => ({
    ruleId: 'Test.Rule',
    ruleVersion: 'v1',
    functionName: 'rule',
    errorType,
    message,
    event: { p_log_type: 'AWS.CloudTrail', p_event_time: '2024-05-01 11:59:00.000', user: 'x' },
  })

  it('opens one alert per (rule, exception type) with message and sample event, grouped in the window', async () => {
    const alerts = service(store, clock)
    // A threshold of 5 does not hold back error alerts.
    const metas = detectionMap(makeMeta({ threshold: 5 }))
    const first = await alerts.recordRuleErrors(
      [
        error('ValueError', 'bad value (rules/x.py:3)'),
        error('ValueError', 'bad value (rules/x.py:3)'),
        error('KeyError', "'user' (rules/x.py:7)"),
      ],
      metas,
    )
    expect(first.opened.map((a) => [a.type, a.dedup, a.eventCount]).sort()).toEqual([
      ['RULE_ERROR', 'KeyError', 1],
      ['RULE_ERROR', 'ValueError', 2],
    ])
    const value = first.opened.find((a) => a.dedup === 'ValueError')
    expect(value).toMatchObject({
      title: 'Test rule raised ValueError',
      destinations: ['slack'],
      context: {
        errorType: 'ValueError',
        function: 'rule',
        message: 'bad value (rules/x.py:3)',
        sampleEvent: { user: 'x' },
      },
    })
    const again = await alerts.recordRuleErrors([error('ValueError', 'again')], metas)
    expect(again.updated).toMatchObject([{ id: value?.id, eventCount: 3 }])
    // A rule alert with the same dedup string as an error type stays a separate alert.
    const rule = await alerts.recordMatches([makeMatch({ dedup: 'ValueError' })], metas)
    expect(rule.opened).toEqual([])
    const types = await store.db.selectFrom('alerts').select(['type', 'dedup']).execute()
    expect(
      types
        .filter((t) => t.dedup === 'ValueError')
        .map((t) => t.type)
        .sort(),
    ).toEqual(['RULE', 'RULE_ERROR'])
  })
})
