import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RecordingDestination } from '../../test/helpers/recording-destination.js'
import { AppError, type Destination } from '../core/index.js'
import { openStore } from '../platform/store/index.js'
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
  createDeliveryWorker,
  listDeliveries,
  type DeliveryWorkerOptions,
} from './index.js'

const unavailable = (details?: unknown) =>
  new AppError('DESTINATION_UNAVAILABLE', 'rec: HTTP 503', details === undefined ? {} : { details })

describe('createDeliveryWorker', () => {
  let store: TempStore
  let clock: TestClock
  let metrics: PrometheusMetrics
  let rec: RecordingDestination
  let alertId: string

  beforeEach(async () => {
    store = await openTempStore()
    clock = new TestClock()
    metrics = new PrometheusMetrics()
    rec = new RecordingDestination('rec')
    const service = createAlertService({
      db: store.db,
      logger: silentLogger(),
      metrics,
      now: clock.now,
      destinations: [{ id: 'rec', severities: ['HIGH'], alertTypes: ['RULE'] }],
    })
    const result = await service.recordMatches([makeMatch()], detectionMap(makeMeta()))
    alertId = result.opened[0]?.id ?? ''
  })
  afterEach(() => store.close())

  function worker(options: Partial<DeliveryWorkerOptions> = {}, destination: Destination = rec) {
    return createDeliveryWorker({
      db: store.db,
      destinations: new Map([[destination.id, destination]]),
      alertLink: (id) => `https://caracal.example.com/alerts/${id}`,
      logger: silentLogger(),
      metrics,
      now: clock.now,
      random: () => 0.5,
      ...options,
    })
  }

  async function delivery() {
    const [row] = await listDeliveries(store.db, alertId)
    return row
  }

  it('delivers a due row with the alert and its link', async () => {
    expect(await worker().runOnce()).toBe(1)
    expect(rec.delivered).toHaveLength(1)
    expect(rec.delivered[0]?.link).toBe(`https://caracal.example.com/alerts/${alertId}`)
    expect(rec.delivered[0]?.alert).toMatchObject({
      id: alertId,
      eventCount: 1,
      title: 'Root login',
    })
    expect(await delivery()).toMatchObject({ status: 'delivered', attempts: 1, lastError: null })
    const text = await metrics.render()
    expect(text).toContain('caracal_events_in_total{stage="deliver",component="rec"} 1')
    expect(text).toContain('caracal_events_out_total{stage="deliver",component="rec"} 1')
    expect(text).toContain('caracal_queue_depth{queue="outbox"} 0')
    expect(await worker().runOnce()).toBe(0)
  })

  it('retries with exponential backoff and full jitter', async () => {
    rec.respond(unavailable(), unavailable(), 'ok')
    const w = worker({ baseBackoffMs: 1000 })
    expect(await w.runOnce()).toBe(1)
    // attempt 1: jitter 0.5 × 1000 ms
    expect(await delivery()).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'rec: HTTP 503',
      nextAttemptAt: '2024-05-01T12:00:00.500Z',
    })
    expect(await metrics.render()).toContain(
      'caracal_errors_total{stage="deliver",component="rec",code="DESTINATION_UNAVAILABLE"} 1',
    )
    expect(await metrics.render()).toContain('caracal_queue_depth{queue="outbox"} 1')
    expect(await w.runOnce()).toBe(0)
    clock.advance(500)
    expect(await w.runOnce()).toBe(1)
    // attempt 2: 0.5 × 2000 ms
    expect((await delivery())?.nextAttemptAt).toBe('2024-05-01T12:00:01.500Z')
    clock.advance(1000)
    expect(await w.runOnce()).toBe(1)
    expect(await delivery()).toMatchObject({ status: 'delivered', attempts: 3 })
    expect(rec.attempts).toHaveLength(3)
  })

  it('caps the backoff and honours a retryAfterMs from the destination', async () => {
    rec.respond(unavailable({ retryAfterMs: 30_000 }))
    rec.always(unavailable())
    const w = worker({ baseBackoffMs: 1000, maxBackoffMs: 1200 })
    await w.runOnce()
    expect((await delivery())?.nextAttemptAt).toBe('2024-05-01T12:00:30.000Z')
    clock.advance(30_000)
    await w.runOnce()
    // 0.5 × min(1200, 2000)
    expect((await delivery())?.nextAttemptAt).toBe('2024-05-01T12:00:30.600Z')
  })

  it('treats errors that are not AppErrors as retryable', async () => {
    rec.respond(new TypeError('socket hang up'))
    await worker().runOnce()
    expect(await delivery()).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'socket hang up',
    })
  })

  it('gives up at once when the destination rejects the alert', async () => {
    rec.respond(new AppError('DESTINATION_REJECTED', 'rec answered HTTP 400: bad channel'))
    const w = worker()
    expect(await w.runOnce()).toBe(1)
    expect(await delivery()).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'rec answered HTTP 400: bad channel',
    })
    clock.advance(60 * 60_000)
    expect(await w.runOnce()).toBe(0)
    expect(await metrics.render()).toContain(
      'caracal_errors_total{stage="deliver",component="rec",code="DESTINATION_REJECTED"} 1',
    )
  })

  it('gives up after maxAttempts', async () => {
    rec.always(unavailable())
    const w = worker({ maxAttempts: 3 })
    for (let i = 0; i < 5; i++) {
      await w.runOnce()
      clock.advance(60 * 60_000)
    }
    expect(rec.attempts).toHaveLength(3)
    expect(await delivery()).toMatchObject({ status: 'failed', attempts: 3 })
  })

  it('keeps retrying for as long as giveUpAfterMs, then gives up', async () => {
    rec.always(unavailable())
    const w = worker({ giveUpAfterMs: 3 * 60 * 60_000 })
    for (let i = 0; i < 6; i++) {
      await w.runOnce()
      clock.advance(60 * 60_000)
    }
    // Attempts at 0, 1 h and 2 h are retried; the one at 3 h is past the limit and gives up.
    expect(rec.attempts).toHaveLength(4)
    expect(await delivery()).toMatchObject({ status: 'failed', attempts: 4 })
  })

  it('times out a send that never settles', async () => {
    rec.respond('ignore-abort')
    await worker({ timeoutMs: 50 }).runOnce()
    expect(await delivery()).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'Destination rec did not answer within 50 ms',
    })
  })

  it('fails rows whose destination is no longer configured', async () => {
    const w = worker({}, new RecordingDestination('other'))
    expect(await w.runOnce()).toBe(1)
    expect(await delivery()).toMatchObject({
      status: 'failed',
      lastError: 'Destination rec is no longer configured',
    })
  })

  it('picks pending rows up again after a restart', async () => {
    rec.respond(unavailable())
    await worker().runOnce()
    // The first process goes away; only the database file remains.
    await store.db.destroy()

    const reopened = await openStore({ kind: 'sqlite', path: store.path })
    try {
      clock.advance(60_000)
      const fresh = new RecordingDestination('rec')
      const again = createDeliveryWorker({
        db: reopened.db,
        destinations: new Map([['rec', fresh]]),
        alertLink: (id) => `https://caracal.example.com/alerts/${id}`,
        logger: silentLogger(),
        metrics,
        now: clock.now,
      })
      expect(await again.runOnce()).toBe(1)
      expect(fresh.delivered.map((n) => n.alert.id)).toEqual([alertId])
      const [row] = await listDeliveries(reopened.db, alertId)
      expect(row).toMatchObject({ status: 'delivered', attempts: 2 })
    } finally {
      await reopened.close()
    }
  })

  it('stop() aborts an in-flight send and leaves the row due, without counting an attempt', async () => {
    rec.respond('hang')
    const w = worker({ pollIntervalMs: 10 })
    w.start()
    await rec.attempted(1)
    await w.stop()
    expect(rec.delivered).toEqual([])
    expect(await delivery()).toMatchObject({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: '2024-05-01T12:00:00.000Z',
    })
    expect(await w.runOnce()).toBe(1)
    expect(await delivery()).toMatchObject({ status: 'delivered', attempts: 1 })
  })

  it('polls on its own once started', async () => {
    const w = worker({ pollIntervalMs: 10 })
    w.start()
    await rec.attempted(1)
    await w.stop()
    expect(await delivery()).toMatchObject({ status: 'delivered' })
  })
})
