import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAlertService } from '../src/alerts/index.js'
import { Pipeline, type RowDedupe } from '../src/app/pipeline.js'
import type {
  DetectionEngine,
  DetectionMeta,
  EventRecord,
  LakeTable,
  LakeWriter,
  RawBatch,
} from '../src/core/index.js'
import { withRuleErrorSink } from '../src/detections/index.js'
import { loadLogTypes } from '../src/logs/index.js'
import { openStore, type Store } from '../src/platform/store/index.js'
import { PrometheusMetrics, silentLogger } from '../src/platform/telemetry/index.js'
import { tempDir } from './helpers/temp-dir.js'

const meta: DetectionMeta = {
  id: 'Flaky.Rule',
  name: 'Flaky rule',
  version: 'v1',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description: '',
  reference: '',
  runbook: '',
  tags: [],
  reports: {},
  dedupPeriodMinutes: 60,
  threshold: 1,
  outputIds: [],
  enabled: true,
  file: 'flaky.ts',
}

/** Matches every event and also fails on every event (its title function raises). */
const flakyEngine: DetectionEngine = {
  detections: () => [meta],
  evaluate: (_logType, events) =>
    Promise.resolve({
      matches: events.map((event) => ({
        ruleId: meta.id,
        ruleVersion: 'v1',
        title: 'Trail deleted',
        dedup: 'trail',
        severity: 'HIGH' as const,
        alertContext: {},
        destinations: undefined,
        event,
      })),
      errors: events.map((event) => ({
        ruleId: meta.id,
        ruleVersion: 'v1',
        functionName: 'title',
        errorType: 'KeyError',
        message: "'userIdentity'",
        event,
      })),
    }),
  close: () => Promise.resolve(),
}

const discardingLake: LakeWriter = {
  write: (_table: LakeTable, _rows: readonly EventRecord[]) => Promise.resolve(),
  flush: () => Promise.resolve(),
  close: () => Promise.resolve(),
}

/** The lake holds none of the batch's rows: only the alert store knows what was recorded. */
const emptyLake: RowDedupe = { existing: () => Promise.resolve(new Set<string>()) }

function batch(id: string, records: number): RawBatch {
  const record = JSON.stringify({
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'DeleteTrail',
    eventTime: '2026-03-01T12:00:00Z',
  })
  return {
    id,
    sourceId: 'trail',
    logType: 'AWS.CloudTrail',
    records: Array.from({ length: records }, () => record),
    receivedAt: new Date('2026-03-01T12:00:00Z'),
  }
}

describe('a batch replayed after a crash, through the pipeline', () => {
  let dir: ReturnType<typeof tempDir>
  let store: Store
  let pipeline: Pipeline

  beforeEach(async () => {
    dir = tempDir('pipeline-replay')
    store = await openStore({ kind: 'sqlite', path: join(dir.path, 'caracal.db') })
    const alerts = createAlertService({
      db: store.db,
      logger: silentLogger(),
      metrics: new PrometheusMetrics(),
      destinations: [],
    })
    // Wired as the runtime wires it: the engine hands each batch's errors to the alert service.
    const metas = new Map([[meta.id, meta]])
    pipeline = new Pipeline({
      logTypes: loadLogTypes([]),
      engine: withRuleErrorSink(flakyEngine, (errors, mark) =>
        alerts.recordRuleErrors(errors, metas, mark),
      ),
      lake: discardingLake,
      alerts,
      sourceLabel: (id) => id,
      logger: silentLogger(),
      metrics: new PrometheusMetrics(),
    })
  })
  afterEach(async () => {
    await store.close()
    dir.remove()
  })

  async function counts(): Promise<Record<string, number>> {
    const rows = await store.db.selectFrom('alerts').select(['type', 'event_count']).execute()
    return Object.fromEntries(rows.map((r) => [r.type, r.event_count]))
  }

  it('counts its matches and rule errors once; the next batch counts again', async () => {
    const first = await pipeline.submit(batch('b1', 3))
    expect(first).toMatchObject({ matches: 3, ruleErrors: 3, alertsOpened: 1 })
    expect(await counts()).toEqual({ RULE: 3, RULE_ERROR: 3 })

    const replayed = await pipeline.recover(batch('b1', 3), emptyLake)
    expect(replayed).toMatchObject({ matches: 3, ruleErrors: 3, alertsOpened: 0 })
    expect(await counts()).toEqual({ RULE: 3, RULE_ERROR: 3 })

    await pipeline.submit(batch('b2', 2))
    expect(await counts()).toEqual({ RULE: 5, RULE_ERROR: 5 })
  })
})
