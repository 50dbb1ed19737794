import { describe, expect, it } from 'vitest'
import { Pipeline } from '../src/app/pipeline.js'
import type {
  DetectionEngine,
  EventRecord,
  LakeTable,
  LakeWriter,
  RawBatch,
} from '../src/core/index.js'
import { loadLogTypes } from '../src/logs/index.js'
import { PrometheusMetrics } from '../src/platform/telemetry/index.js'
import { captureLogger } from './helpers/capture-logger.js'

/** Keeps written rows by `database.table`. */
class InMemoryLake implements LakeWriter {
  readonly rows = new Map<string, EventRecord[]>()
  write(table: LakeTable, rows: readonly EventRecord[]): Promise<void> {
    const key = `${table.database}.${table.name}`
    this.rows.set(key, [...(this.rows.get(key) ?? []), ...rows])
    return Promise.resolve()
  }
  flush(): Promise<void> {
    return Promise.resolve()
  }
  close(): Promise<void> {
    return Promise.resolve()
  }
}

/** Records which log types were evaluated with how many events; matches nothing. */
class RecordingEngine implements DetectionEngine {
  readonly calls: [string, number][] = []
  detections() {
    return []
  }
  evaluate(logType: string, events: readonly EventRecord[]) {
    this.calls.push([logType, events.length])
    return Promise.resolve({ matches: [], errors: [] })
  }
  close(): Promise<void> {
    return Promise.resolve()
  }
}

function setup() {
  const lake = new InMemoryLake()
  const engine = new RecordingEngine()
  const pipeline = new Pipeline({
    logTypes: loadLogTypes([]),
    engine,
    lake,
    alerts: { recordMatches: () => Promise.resolve({ opened: [], updated: [] }) },
    sourceLabel: (id) => `label-${id}`,
    logger: captureLogger().logger,
    metrics: new PrometheusMetrics(),
  })
  return { lake, engine, pipeline }
}

const syslog = '<34>1 2026-03-01T12:00:00Z host1 app 42 ID7 - a message'
const trail = JSON.stringify({
  eventSource: 'iam.amazonaws.com',
  eventName: 'DeleteTrail',
  eventTime: '2026-03-01T12:00:00Z',
})

function batch(records: string[], extra: Partial<RawBatch> = {}): RawBatch {
  return {
    id: 'b1',
    sourceId: 'mixed',
    logType: 'AWS.CloudTrail',
    records,
    receivedAt: new Date('2026-03-01T12:00:00Z'),
    ...extra,
  }
}

describe('Pipeline with candidate log types', () => {
  it('sends each record to the log type that accepts it, each to its own table', async () => {
    const { lake, engine, pipeline } = setup()
    const report = await pipeline.submit(
      batch([trail, syslog, 'neither', trail], { candidates: ['Syslog.RFC5424'] }),
    )
    expect(report).toMatchObject({ received: 4, parsed: 3, failed: 1 })
    const trails = lake.rows.get('logs.aws_cloudtrail') ?? []
    const syslogs = lake.rows.get('logs.syslog_rfc5424') ?? []
    expect(trails.map((e) => [e.eventName, e.p_log_type])).toEqual([
      ['DeleteTrail', 'AWS.CloudTrail'],
      ['DeleteTrail', 'AWS.CloudTrail'],
    ])
    expect(syslogs.map((e) => [e.hostname, e.p_log_type, e.p_source_label])).toEqual([
      ['host1', 'Syslog.RFC5424', 'label-mixed'],
    ])
    const ids = [...trails, ...syslogs].map((e) => e.p_row_id)
    expect(new Set(ids).size).toBe(3)
    expect(engine.calls).toEqual([
      ['AWS.CloudTrail', 2],
      ['Syslog.RFC5424', 1],
    ])
    const failures = lake.rows.get('classification_failures.aws_cloudtrail') ?? []
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({ raw: 'neither', p_log_type: 'AWS.CloudTrail' })
    expect(failures[0]?.reason).toMatch(
      // Syslog succeeded last, so it was tried first.
      /^no candidate log type accepted the record \(tried Syslog\.RFC5424: no <PRI> at the start \| AWS\.CloudTrail: invalid JSON: .+\)$/,
    )
  })

  it('stores records framing refused as failures, and keeps the single-type path', async () => {
    const { lake, pipeline } = setup()
    const report = await pipeline.submit(
      batch([trail], {
        failures: [{ raw: 'xxxx…', reason: 'record of 9999 bytes is over the limit' }],
      }),
    )
    expect(report).toMatchObject({ received: 2, parsed: 1, failed: 1 })
    expect(lake.rows.get('classification_failures.aws_cloudtrail')?.[0]).toMatchObject({
      reason: 'record of 9999 bytes is over the limit',
    })
    expect(lake.rows.get('logs.syslog_rfc5424')).toBeUndefined()
  })
})
