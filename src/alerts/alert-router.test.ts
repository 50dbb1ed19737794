import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PrometheusMetrics, silentLogger } from '../platform/telemetry/index.js'
import { routeAlert, type DestinationRoute, type RoutingInput } from './alert-router.js'
import {
  TestClock,
  detectionMap,
  makeMatch,
  makeMeta,
  openTempStore,
  type TempStore,
} from './fixtures/alert-test-kit.js'
import { createAlertService, listDeliveries } from './index.js'

const routes: DestinationRoute[] = [
  { id: 'pager', severities: ['CRITICAL'], alertTypes: ['RULE', 'POLICY'] },
  { id: 'slack', severities: ['MEDIUM', 'HIGH', 'CRITICAL'], alertTypes: ['RULE'] },
  { id: 'policies', severities: ['HIGH', 'CRITICAL'], alertTypes: ['POLICY'] },
  {
    id: 'archive',
    severities: ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'],
    alertTypes: ['RULE'],
  },
]
const byId = new Map(routes.map((r) => [r.id, r]))

function input(overrides: Partial<RoutingInput>): RoutingInput {
  return {
    severity: 'HIGH',
    type: 'RULE',
    matchDestinations: undefined,
    outputIds: [],
    ...overrides,
  }
}

describe('routeAlert', () => {
  it('delivers nowhere when the match says []', () => {
    expect(routeAlert(input({ matchDestinations: [], outputIds: ['pager'] }), byId)).toEqual({
      destinations: [],
      unknown: [],
    })
  })

  it('prefers the match override over the detection outputIds', () => {
    const decision = routeAlert(input({ matchDestinations: ['pager'], outputIds: ['slack'] }), byId)
    expect(decision.destinations).toEqual(['pager'])
  })

  it('uses the detection outputIds when the match says nothing, whatever the severity', () => {
    const decision = routeAlert(input({ severity: 'INFO', outputIds: ['slack', 'pager'] }), byId)
    expect(decision.destinations).toEqual(['slack', 'pager'])
  })

  it('falls back to every destination routing the severity', () => {
    expect(routeAlert(input({ severity: 'CRITICAL' }), byId).destinations).toEqual([
      'pager',
      'slack',
      'archive',
    ])
    expect(routeAlert(input({ severity: 'LOW' }), byId).destinations).toEqual(['archive'])
  })

  it('keeps only destinations accepting the alert type, even when named explicitly', () => {
    const named = routeAlert(input({ matchDestinations: ['policies', 'slack'] }), byId)
    expect(named.destinations).toEqual(['slack'])
    const bySeverity = routeAlert(input({ type: 'POLICY', severity: 'CRITICAL' }), byId)
    expect(bySeverity.destinations).toEqual(['pager', 'policies'])
  })

  it('removes duplicates and reports unknown ids', () => {
    const decision = routeAlert(input({ outputIds: ['slack', 'nope', 'slack', 'gone'] }), byId)
    expect(decision).toEqual({ destinations: ['slack'], unknown: ['nope', 'gone'] })
  })
})

describe('routing when an alert opens', () => {
  let store: TempStore

  beforeEach(async () => {
    store = await openTempStore()
  })
  afterEach(() => store.close())

  it('stores the chosen destinations and queues one outbox row each', async () => {
    const service = createAlertService({
      db: store.db,
      logger: silentLogger(),
      metrics: new PrometheusMetrics(),
      now: new TestClock().now,
      destinations: routes,
    })
    const result = await service.recordMatches(
      [
        makeMatch({ dedup: 'a', destinations: ['pager', 'unknown', 'pager'] }),
        makeMatch({ dedup: 'b', destinations: [] }),
        makeMatch({ dedup: 'c', severity: 'CRITICAL' }),
      ],
      detectionMap(makeMeta({ outputIds: [] })),
    )
    expect(result.opened.map((a) => [a.dedup, a.destinations])).toEqual([
      ['a', ['pager']],
      ['b', []],
      ['c', ['pager', 'slack', 'archive']],
    ])
    const queued = await Promise.all(result.opened.map((a) => listDeliveries(store.db, a.id)))
    expect(queued.map((rows) => rows.map((r) => [r.destinationId, r.status, r.attempts]))).toEqual([
      [['pager', 'pending', 0]],
      [],
      [
        ['pager', 'pending', 0],
        ['slack', 'pending', 0],
        ['archive', 'pending', 0],
      ],
    ])
    expect(queued[0]?.[0]?.nextAttemptAt).toBe('2024-05-01T12:00:00.000Z')
  })
})
