import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../core/index.js'
import { PrometheusMetrics, silentLogger } from '../platform/telemetry/index.js'
import {
  TestClock,
  detectionMap,
  makeMatch,
  makeMeta,
  openTempStore,
  type TempStore,
} from './fixtures/alert-test-kit.js'
import { createAlertService, type AlertService } from './index.js'

describe('AlertService.list', () => {
  let store: TempStore
  let clock: TestClock
  let service: AlertService
  /** Ids in the order the API must return them: newest first. */
  let newestFirst: string[]

  beforeEach(async () => {
    store = await openTempStore()
    clock = new TestClock()
    service = createAlertService({
      db: store.db,
      logger: silentLogger(),
      metrics: new PrometheusMetrics(),
      now: clock.now,
      destinations: [],
    })
    const detections = detectionMap(
      makeMeta({ id: 'A' }),
      makeMeta({ id: 'B' }),
      makeMeta({ id: 'Slow', threshold: 5 }),
    )
    const batches: string[][] = []
    for (let i = 0; i < 5; i++) {
      // Three alerts share each timestamp so that paging must break ties by id.
      const batch = [0, 1, 2].map((j) =>
        makeMatch({
          ruleId: j === 2 ? 'B' : 'A',
          dedup: `${String(i)}-${String(j)}`,
          severity: j === 1 ? 'LOW' : 'HIGH',
        }),
      )
      batch.push(makeMatch({ ruleId: 'Slow', dedup: String(i) }))
      const result = await service.recordMatches(batch, detections)
      batches.push(result.opened.map((a) => a.id))
      clock.advance(1000)
    }
    // Newest batch first; alerts of one batch share `created_at`, so ties go by id, descending.
    newestFirst = batches.reverse().flatMap((ids) => [...ids].sort().reverse())
  })
  afterEach(() => store.close())

  async function walk(query: { limit: number; severity?: 'LOW'; ruleId?: string }) {
    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await service.list(cursor === undefined ? query : { ...query, cursor })
      seen.push(...page.alerts.map((a) => a.id))
      cursor = page.nextCursor ?? undefined
      pages++
    } while (cursor !== undefined)
    return { seen, pages }
  }

  it('pages through every opened alert newest first, each exactly once', async () => {
    expect(newestFirst).toHaveLength(15)
    const { seen, pages } = await walk({ limit: 4 })
    expect(seen).toEqual(newestFirst)
    expect(pages).toBe(4)
  })

  it('ends with a null cursor when the last page is exactly full', async () => {
    const first = await service.list({ limit: 15 })
    expect(first.alerts).toHaveLength(15)
    expect(first.nextCursor).toBeNull()
  })

  it('filters by severity, rule and status', async () => {
    const low = await walk({ limit: 2, severity: 'LOW' })
    expect(low.seen).toHaveLength(5)
    const lows = await Promise.all(low.seen.map((id) => service.get(id)))
    expect(lows.map((a) => a?.severity)).toEqual(Array(5).fill('LOW'))
    expect((await walk({ limit: 3, ruleId: 'B' })).seen).toHaveLength(5)
    expect((await service.list({ limit: 50, status: 'OPEN' })).alerts).toHaveLength(15)
    expect((await service.list({ limit: 50, status: 'CLOSED' })).alerts).toEqual([])
  })

  it('sorts by last change when asked, paging with the same cursor rules', async () => {
    const oldest = newestFirst.at(-1) ?? ''
    clock.advance(1000)
    await service.update({ ids: [oldest], status: 'TRIAGED' }, 'alice')
    const updated = await service.list({ limit: 2, sort: 'updated' })
    expect(updated.alerts[0]?.id).toBe(oldest)
    const all: string[] = []
    let cursor: string | undefined
    do {
      const page = await service.list({
        limit: 4,
        sort: 'updated',
        ...(cursor === undefined ? {} : { cursor }),
      })
      all.push(...page.alerts.map((a) => a.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor !== undefined)
    expect(new Set(all).size).toBe(15)
    expect(all[0]).toBe(oldest)
  })

  it('rejects a cursor it did not issue', async () => {
    const attempt = service.list({ limit: 5, cursor: 'bm90LWEtY3Vyc29y' })
    await expect(attempt).rejects.toBeInstanceOf(AppError)
    await expect(attempt).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('returns undefined for an unknown id', async () => {
    expect(await service.get('01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBeUndefined()
  })
})
