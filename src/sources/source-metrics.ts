import type { Source, SourceHealth } from '../core/index.js'

/** Help text and value of each per-source metric. */
const gauges: readonly [
  string,
  string,
  'counter' | 'gauge',
  (h: SourceHealth) => number | undefined,
][] = [
  ['caracal_source_events_total', 'Records a source received.', 'counter', (h) => h.eventsIn],
  ['caracal_source_bytes_total', 'Bytes a source received.', 'counter', (h) => h.bytesIn],
  ['caracal_source_batches_total', 'Batches a source made durable.', 'counter', (h) => h.batches],
  [
    'caracal_source_parse_failures_total',
    'Records of a source that failed to parse.',
    'counter',
    (h) => h.parseFailures,
  ],
  ['caracal_source_errors_total', 'Errors a source counted.', 'counter', (h) => h.errors],
  [
    'caracal_source_last_event_timestamp_seconds',
    'Unix time of the last record a source received (0: none yet).',
    'gauge',
    (h) => (h.lastEventAt === null ? 0 : Date.parse(h.lastEventAt) / 1000),
  ],
  [
    'caracal_source_up',
    '1 while a source runs without a failing error, else 0.',
    'gauge',
    (h) => (h.status === 'ok' ? 1 : 0),
  ],
  // Only sources that report backpressure (push sources) get these two.
  [
    'caracal_source_backpressure',
    '1 while ingestion refuses this push source (503 + Retry-After), else 0.',
    'gauge',
    (h) => (h.backpressure === undefined ? undefined : h.backpressure.active ? 1 : 0),
  ],
  [
    'caracal_source_throttled_total',
    'Requests to a push source refused under backpressure.',
    'counter',
    (h) => h.backpressure?.rejected,
  ],
]

/**
 * The health of every source in the Prometheus text format, to append to `/metrics`. Rendered
 * from the sources' own counters at scrape time, so the sources need no metrics registry.
 */
export function renderSourceMetrics(sources: Iterable<Source>): string {
  const rows = [...sources].flatMap((s) => {
    const health = s.health?.()
    return health === undefined ? [] : [{ id: s.id, type: s.type, health }]
  })
  if (rows.length === 0) return ''
  const lines: string[] = []
  for (const [name, help, kind, value] of gauges) {
    const values = rows.flatMap((row) => {
      const v = value(row.health)
      return v === undefined ? [] : [{ row, v }]
    })
    if (values.length === 0) continue
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${kind}`)
    for (const { row, v } of values) {
      lines.push(`${name}{source="${label(row.id)}",type="${label(row.type)}"} ${String(v)}`)
    }
  }
  return `${lines.join('\n')}\n`
}

function label(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')
}
