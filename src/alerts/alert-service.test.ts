import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PrometheusMetrics, silentLogger } from '../platform/telemetry/index.js'
import {
  TestClock,
  detectionMap,
  makeMatch,
  makeMeta,
  openTempStore,
  type TempStore,
} from './fixtures/alert-test-kit.js'
import {
  createAlertService,
  listDeliveries,
  type AlertService,
  type DestinationRoute,
} from './index.js'

const allRoutes: DestinationRoute[] = [
  { id: 'slack', severities: ['HIGH', 'CRITICAL'], alertTypes: ['RULE'] },
]

describe('createAlertService grouping', () => {
  let store: TempStore
  let clock: TestClock
  let service: AlertService

  beforeEach(async () => {
    store = await openTempStore()
    clock = new TestClock()
    service = createAlertService({
      db: store.db,
      logger: silentLogger(),
      metrics: new PrometheusMetrics(),
      now: clock.now,
      destinations: allRoutes,
    })
  })
  afterEach(() => store.close())

  it('opens one alert for a batch and fills it from the detection and the first match', async () => {
    const meta = makeMeta()
    const result = await service.recordMatches(
      [
        makeMatch({ eventTime: '2024-05-01 11:58:00.000', title: 'First title' }),
        makeMatch({
          eventTime: '2024-05-01 11:50:00.000',
          title: 'Second',
          logType: 'Okta.SystemLog',
        }),
      ],
      detectionMap(meta),
    )
    expect(result.updated).toEqual([])
    expect(result.opened).toHaveLength(1)
    const alert = result.opened[0]
    expect(alert).toMatchObject({
      type: 'RULE',
      status: 'OPEN',
      ruleId: 'Test.Rule',
      ruleVersion: 'v1',
      ruleName: 'Test rule',
      dedup: 'root',
      title: 'First title',
      description: 'Something happened',
      reference: 'https://example.com/ref',
      runbook: 'Check it',
      severity: 'HIGH',
      eventCount: 2,
      firstEventTime: '2024-05-01 11:50:00.000',
      lastEventTime: '2024-05-01 11:58:00.000',
      logTypes: ['AWS.CloudTrail', 'Okta.SystemLog'],
      createdAt: '2024-05-01T12:00:00.000Z',
      updatedAt: '2024-05-01T12:00:00.000Z',
      context: { ip: '198.51.100.7' },
      destinations: ['slack'],
    })
    // Panther's deterministic id: md5 of `ruleId:count:dedup`.
    expect(alert?.id).toMatch(/^[0-9a-f]{32}$/)
    expect(await service.get(alert?.id ?? '')).toEqual(alert)
  })

  it('adds later matches to the alert while its window runs', async () => {
    const meta = makeMeta({ dedupPeriodMinutes: 30 })
    const first = await service.recordMatches([makeMatch()], detectionMap(meta))
    clock.advance(29 * 60_000)
    const later = await service.recordMatches(
      [
        makeMatch({ eventTime: '2024-05-01 12:20:00.000', logType: 'Okta.SystemLog' }),
        makeMatch({ eventTime: '2024-05-01 11:00:00.000' }),
      ],
      detectionMap(meta),
    )
    expect(later.opened).toEqual([])
    expect(later.updated).toHaveLength(1)
    expect(later.updated[0]).toMatchObject({
      id: first.opened[0]?.id,
      eventCount: 3,
      firstEventTime: '2024-05-01 11:00:00.000',
      lastEventTime: '2024-05-01 12:20:00.000',
      logTypes: ['AWS.CloudTrail', 'Okta.SystemLog'],
      createdAt: '2024-05-01T12:00:00.000Z',
      updatedAt: '2024-05-01T12:29:00.000Z',
    })
    // Already delivered when it opened: updates queue nothing new.
    expect(await listDeliveries(store.db, first.opened[0]?.id ?? '')).toHaveLength(1)
  })

  it('starts a new alert once the window has ended', async () => {
    const meta = makeMeta({ dedupPeriodMinutes: 30 })
    const first = await service.recordMatches([makeMatch()], detectionMap(meta))
    clock.advance(30 * 60_000)
    const second = await service.recordMatches([makeMatch()], detectionMap(meta))
    expect(second.updated).toEqual([])
    expect(second.opened).toHaveLength(1)
    expect(second.opened[0]?.id).not.toBe(first.opened[0]?.id)
    expect(second.opened[0]?.eventCount).toBe(1)
    const page = await service.list({ limit: 10 })
    expect(page.alerts.map((a) => a.id)).toEqual([second.opened[0]?.id, first.opened[0]?.id])
  })

  it('keeps different dedup strings and rules apart', async () => {
    const other = makeMeta({ id: 'Other.Rule', name: 'Other' })
    const result = await service.recordMatches(
      [
        makeMatch({ dedup: 'a' }),
        makeMatch({ dedup: 'b' }),
        makeMatch({ dedup: 'a' }),
        makeMatch({ ruleId: 'Other.Rule', dedup: 'a' }),
      ],
      detectionMap(makeMeta(), other),
    )
    const summary = result.opened.map((a) => [a.ruleId, a.dedup, a.eventCount])
    expect(summary).toEqual([
      ['Test.Rule', 'a', 2],
      ['Test.Rule', 'b', 1],
      ['Other.Rule', 'a', 1],
    ])
  })

  it('folds 500 identical matches into one alert', async () => {
    const matches = Array.from({ length: 500 }, () => makeMatch())
    const result = await service.recordMatches(matches, detectionMap(makeMeta()))
    expect(result.opened.map((a) => a.eventCount)).toEqual([500])
    const again = await service.recordMatches(matches, detectionMap(makeMeta()))
    expect(again.updated.map((a) => a.eventCount)).toEqual([1000])
    const rows = await store.db.selectFrom('alerts').select('event_count').execute()
    expect(rows).toEqual([{ event_count: 1000 }])
  })

  it('uses default settings for matches of an unknown detection rather than dropping them', async () => {
    const result = await service.recordMatches([makeMatch({ ruleId: 'Gone.Rule' })], new Map())
    expect(result.opened.map((a) => [a.ruleId, a.ruleName, a.eventCount])).toEqual([
      ['Gone.Rule', 'Gone.Rule', 1],
    ])
  })

  it('returns nothing and writes nothing for an empty batch', async () => {
    expect(await service.recordMatches([], new Map())).toEqual({ opened: [], updated: [] })
    expect(await store.db.selectFrom('alerts').selectAll().execute()).toEqual([])
  })
})

describe('createAlertService threshold', () => {
  let store: TempStore
  let clock: TestClock
  let service: AlertService
  const meta = makeMeta({ threshold: 3, dedupPeriodMinutes: 10 })

  beforeEach(async () => {
    store = await openTempStore()
    clock = new TestClock()
    service = createAlertService({
      db: store.db,
      logger: silentLogger(),
      metrics: new PrometheusMetrics(),
      now: clock.now,
      destinations: allRoutes,
    })
  })
  afterEach(() => store.close())

  it('counts silently below the threshold and opens when it is reached', async () => {
    const below = await service.recordMatches([makeMatch(), makeMatch()], detectionMap(meta))
    expect(below).toEqual({ opened: [], updated: [] })
    expect((await service.list({ limit: 10 })).alerts).toEqual([])
    expect(await store.db.selectFrom('outbox').selectAll().execute()).toEqual([])

    clock.advance(60_000)
    const reached = await service.recordMatches([makeMatch()], detectionMap(meta))
    expect(reached.opened.map((a) => [a.eventCount, a.destinations])).toEqual([[3, ['slack']]])
    expect((await service.list({ limit: 10 })).alerts.map((a) => a.id)).toEqual([
      reached.opened[0]?.id,
    ])
    const deliveries = await listDeliveries(store.db, reached.opened[0]?.id ?? '')
    expect(deliveries.map((d) => [d.destinationId, d.status, d.attempts])).toEqual([
      ['slack', 'pending', 0],
    ])

    const more = await service.recordMatches([makeMatch()], detectionMap(meta))
    expect(more.updated.map((a) => a.eventCount)).toEqual([4])
  })

  it('opens at once when one batch reaches the threshold', async () => {
    const result = await service.recordMatches(
      [makeMatch(), makeMatch(), makeMatch(), makeMatch()],
      detectionMap(meta),
    )
    expect(result.opened.map((a) => a.eventCount)).toEqual([4])
  })

  it('discards a group whose window ends below the threshold', async () => {
    await service.recordMatches([makeMatch(), makeMatch()], detectionMap(meta))
    clock.advance(10 * 60_000)
    const result = await service.recordMatches([makeMatch()], detectionMap(meta))
    expect(result).toEqual({ opened: [], updated: [] })
    const rows = await store.db.selectFrom('alerts').select(['event_count', 'opened_at']).execute()
    expect(rows).toEqual([{ event_count: 1, opened_at: null }])
  })

  it('hides a below-threshold group from get', async () => {
    await service.recordMatches([makeMatch()], detectionMap(meta))
    const row = await store.db.selectFrom('alerts').select('id').executeTakeFirstOrThrow()
    expect(await service.get(row.id)).toBeUndefined()
  })
})
