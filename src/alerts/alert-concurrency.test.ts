import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RecorderJob, RecorderReport } from './fixtures/concurrent-recorder.js'
import { openTempStore, type TempStore } from './fixtures/alert-test-kit.js'

const md5 = (text: string) => createHash('md5').update(text).digest('hex')
const windowStart = Date.parse('2024-05-01T12:00:00.000Z')

// Worker threads do not inherit Vitest's transform: each registers tsx before loading the fixture.
// `require` resolves tsx's CommonJS entry; its ESM twin sits beside it.
const tsxApi = pathToFileURL(
  createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs'),
).href
const fixture = new URL('./fixtures/concurrent-recorder.ts', import.meta.url).href
const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => {
  tsx.register()
  return import(${JSON.stringify(fixture)})
})`

/**
 * Runs one recorder thread per entry of `batchesPerWorker`, each on its own connection to the
 * store file, released together so that their transactions overlap.
 */
async function recordConcurrently(
  path: string,
  job: Omit<RecorderJob, 'path' | 'batches' | 'start'>,
  batchesPerWorker: number[][],
): Promise<RecorderReport[]> {
  const start = new Int32Array(new SharedArrayBuffer(4))
  start[0] = 1
  const workers = batchesPerWorker.map(
    (batches) =>
      new Worker(bootstrap, {
        eval: true,
        workerData: { ...job, path, batches, start } satisfies RecorderJob,
      }),
  )
  const ready = workers.map(
    (worker) =>
      new Promise((resolve, reject) => {
        worker.once('message', resolve)
        worker.once('error', reject)
      }),
  )
  const reports = workers.map(
    (worker) =>
      new Promise<RecorderReport>((resolve, reject) => {
        worker.on('message', (message: unknown) => {
          if (message !== 'ready') resolve(message as RecorderReport)
        })
        worker.once('error', reject)
      }),
  )
  await Promise.all(ready)
  Atomics.store(start, 0, 0)
  Atomics.notify(start, 0)
  return Promise.all(reports)
}

const sum = (lists: number[][]) => lists.flat().reduce((a, b) => a + b, 0)

// Each worker compiles the alerts module with tsx first: slow on a busy machine.
describe('detect workers recording one group at the same time', { timeout: 120_000 }, () => {
  let store: TempStore
  beforeEach(async () => {
    store = await openTempStore()
  })
  afterEach(() => store.close())

  async function rows() {
    return store.db.selectFrom('alerts').selectAll().orderBy('created_at').execute()
  }

  async function openings(alertId: string) {
    const outbox = await store.db
      .selectFrom('outbox')
      .select('destination_id')
      .where('alert_id', '=', alertId)
      .execute()
    const opened = await store.db
      .selectFrom('alert_activity')
      .select('action')
      .where('alert_id', '=', alertId)
      .where('action', '=', 'opened')
      .execute()
    return { outbox: outbox.map((o) => o.destination_id), opened: opened.length }
  }

  it('join the alert the first one opened: one alert per window holding every match', async () => {
    const batches = [
      [1, 2, 3, 4, 5, 6],
      [6, 5, 4, 3, 2, 1],
      [2, 2, 2, 2, 2, 2],
      [7, 1, 7, 1, 7, 1],
    ]
    const first = await recordConcurrently(
      store.path,
      { kind: 'matches', threshold: 1, nowMs: windowStart },
      batches,
    )
    expect(first.map((r) => r.failed)).toEqual([undefined, undefined, undefined, undefined])
    const id = md5('Test.Rule:0:root')
    expect(first.flatMap((r) => r.opened)).toEqual([id])
    expect(await rows()).toMatchObject([{ id, event_count: sum(batches) }])
    expect(await openings(id)).toEqual({ outbox: ['slack'], opened: 1 })

    // Once the window has ended, the racing workers agree on the group's second alert.
    const later = await recordConcurrently(
      store.path,
      { kind: 'matches', threshold: 1, nowMs: windowStart + 61 * 60_000 },
      batches,
    )
    expect(later.map((r) => r.failed)).toEqual([undefined, undefined, undefined, undefined])
    const second = md5('Test.Rule:1:root')
    expect(later.flatMap((r) => r.opened)).toEqual([second])
    expect(await rows()).toMatchObject([
      { id, event_count: sum(batches) },
      { id: second, event_count: sum(batches) },
    ])
  })

  it('open a threshold alert exactly once, when the summed count reaches it', async () => {
    const batches = Array.from({ length: 4 }, () => Array.from({ length: 10 }, () => 1))
    const reports = await recordConcurrently(
      store.path,
      { kind: 'matches', threshold: 25, nowMs: windowStart },
      batches,
    )
    expect(reports.map((r) => r.failed)).toEqual([undefined, undefined, undefined, undefined])
    const id = md5('Test.Rule:0:root')
    expect(reports.flatMap((r) => r.opened)).toEqual([id])
    expect(await rows()).toMatchObject([{ id, event_count: 40 }])
    expect(await openings(id)).toEqual({ outbox: ['slack'], opened: 1 })
  })

  it('count rule errors into one RULE_ERROR alert, opened once', async () => {
    const batches = [
      [3, 1, 4, 1, 5],
      [9, 2, 6, 5, 3],
      [5, 8, 9, 7, 9],
    ]
    const reports = await recordConcurrently(
      store.path,
      { kind: 'errors', threshold: 5, nowMs: windowStart },
      batches,
    )
    expect(reports.map((r) => r.failed)).toEqual([undefined, undefined, undefined])
    const id = md5('Test.Rule:RULE_ERROR:0:KeyError')
    expect(reports.flatMap((r) => r.opened)).toEqual([id])
    expect(await rows()).toMatchObject([{ id, type: 'RULE_ERROR', event_count: sum(batches) }])
    expect(await openings(id)).toEqual({ outbox: ['slack'], opened: 1 })
  })
})
