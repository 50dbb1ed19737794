import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../platform/telemetry/index.js'
import { RecordingMetrics, tempDir, testTable } from './fixtures/lake-fixtures.js'
import { createParquetLake, createQueryService, openLakeReader, type LakeReader } from './index.js'

describe('createQueryService', () => {
  let reader: LakeReader
  let remove: () => Promise<void>

  beforeAll(async () => {
    const dir = await tempDir()
    remove = dir.remove
    const lake = await createParquetLake({
      root: dir.path,
      flushIntervalMs: 60_000,
      maxBufferRows: 10_000,
      logger: silentLogger(),
      metrics: new RecordingMetrics(),
    })
    const rows = Array.from({ length: 30 }, (_, i) => ({
      p_event_time: '2024-01-02 03:04:05',
      id: i,
      message: `m${i}`,
    }))
    const written = lake.write(testTable, rows)
    await lake.flush()
    await written
    await lake.close()
    reader = await openLakeReader({ root: dir.path, maxRows: 25 })
  })

  afterAll(async () => {
    await reader.close()
    await remove()
  })

  it('runs a query in the background and pages through its rows', async () => {
    const service = createQueryService({ reader })
    const submitted = service.submit('SELECT id, message FROM panther_logs.test_events ORDER BY id')
    expect(submitted.state).toBe('running')
    const done = await service.settled(submitted.id)
    expect(done).toMatchObject({ state: 'succeeded', rowCount: 25, truncated: true, error: null })
    const page = service.results(submitted.id, 10, 5)
    expect(page.rows).toEqual([10, 11, 12, 13, 14].map((id) => ({ id, message: `m${id}` })))
    expect(page).toMatchObject({ offset: 10, total: 25, truncated: true })
    expect(page.columns).toEqual([
      { name: 'id', type: 'BIGINT' },
      { name: 'message', type: 'VARCHAR' },
    ])
  })

  it('reports a bad query and refuses its results', async () => {
    const service = createQueryService({ reader })
    const { id } = service.submit("SELECT * FROM read_csv('/etc/passwd')")
    const done = await service.settled(id)
    expect(done.state).toBe('failed')
    expect(done.error?.code).toBe('VALIDATION_FAILED')
    expect(() => service.results(id, 0, 10)).toThrow(/is failed/)
  })

  it('stops a query at its time limit and on cancel', async () => {
    const service = createQueryService({ reader })
    const slow = 'SELECT count(*) FROM range(20000000000) a'
    const timed = service.submit(slow, { timeoutMs: 200 })
    expect(await service.settled(timed.id)).toMatchObject({
      state: 'failed',
      error: { code: 'QUERY_TIMEOUT' },
    })
    const cancelled = service.submit(slow)
    setTimeout(() => service.cancel(cancelled.id), 100)
    expect((await service.settled(cancelled.id)).state).toBe('cancelled')
  })

  it('forgets the oldest finished queries beyond its limit', async () => {
    const service = createQueryService({ reader, retain: 1 })
    const first = service.submit('SELECT 1')
    await service.settled(first.id)
    const second = service.submit('SELECT 2')
    await service.settled(second.id)
    service.submit('SELECT 3')
    expect(() => service.status(first.id)).toThrow(/No query/)
    expect(service.status(second.id).state).toBe('succeeded')
  })
})
