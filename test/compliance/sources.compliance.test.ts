import { appendFileSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunnableSource, SourceCheckpoints } from '../../src/core/index.js'
import { PrometheusMetrics, silentLogger } from '../../src/platform/telemetry/index.js'
import { buildSources, renderSourceMetrics, SyslogSource } from '../../src/sources/index.js'
import { eventually, MemoryCheckpoints, RecordingSink } from '../helpers/recording-sink.js'
import { s3rverCredentials, startS3Server } from '../helpers/s3-server.js'
import { tempDir } from '../helpers/temp-dir.js'

/** How the suite drives one kind of source: its config, and how records reach it. */
interface Harness {
  type: string
  /** The config of source `id`, with these log types (the first the main one). */
  config(id: string, logTypes: readonly string[]): Record<string, unknown>
  /** Makes the source receive these lines (appends to its file, puts an object…). */
  feed(id: string, source: RunnableSource, lines: readonly string[]): Promise<void>
  /**
   * Feed before starting: s3rver lists an object being written with size 0, which a source
   * rightly skips as empty (real S3 shows objects whole); a listener can only be fed running.
   */
  feedFirst: boolean
}

const dir = tempDir('compliance')
let s3: Awaited<ReturnType<typeof startS3Server>>

/** Single-log-type sources name it in logType, further ones in candidates. */
const typed = ([logType, ...candidates]: readonly string[]) => ({
  logType,
  ...(candidates.length === 0 ? {} : { candidates }),
})

const harnesses: Harness[] = [
  {
    type: 'file',
    config: (id, logTypes) => {
      writeFileSync(join(dir.path, `${id}.log`), '')
      return {
        type: 'file',
        ...typed(logTypes),
        paths: [join(dir.path, `${id}.log`)],
        pollIntervalMs: 50,
      }
    },
    feed: (id, _source, lines) => {
      appendFileSync(join(dir.path, `${id}.log`), lines.map((l) => `${l}\n`).join(''))
      return Promise.resolve()
    },
    feedFirst: false,
  },
  {
    type: 's3',
    config: (id, logTypes) => ({
      type: 's3',
      bucket: 'compliance',
      prefixes: { [`${id}/`]: logTypes.length === 1 ? logTypes[0] : logTypes },
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { ...s3rverCredentials },
      pollIntervalMs: 100,
    }),
    feed: async (id, _source, lines) => {
      await s3.put('compliance', `${id}/${String(Date.now())}.log`, lines.join('\n') + '\n')
    },
    feedFirst: true,
  },
  {
    type: 'syslog',
    config: (_id, logTypes) => ({
      type: 'syslog',
      ...typed(logTypes),
      protocol: 'tcp',
      host: '127.0.0.1',
      port: 0,
      lingerMs: 20,
    }),
    feed: async (_id, source, lines) => {
      if (!(source instanceof SyslogSource)) throw new Error('not a syslog source')
      const { port } = await source.listening()
      await new Promise<void>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(lines.join('\n') + '\n'))
        socket.on('close', () => {
          resolve()
        })
        socket.on('error', reject)
      })
    },
    feedFirst: false,
  },
]

/** Builds one source of the harness's type through the registry, as the runtime does. */
function build(harness: Harness, logTypes: readonly string[] = ['Custom.Lines']) {
  const metrics = new PrometheusMetrics()
  const id = `${harness.type}_${String(++built)}`
  const entry = { type: harness.type, ...harness.config(id, logTypes) }
  const sources = buildSources({ [id]: entry }, (componentId) => ({
    id: componentId,
    logger: silentLogger(),
    metrics,
  }))
  const source = sources.get(id) as RunnableSource
  const feed = (l: readonly string[]) => harness.feed(id, source, l)
  /** Starts the source with these lines fed, before or after starting as the harness needs. */
  const startWith = async (l: readonly string[], sink: RecordingSink) => {
    if (harness.feedFirst) await feed(l)
    const running = start(source, sink, new MemoryCheckpoints())
    if (!harness.feedFirst) await feed(l)
    return running
  }
  return { source, metrics, id, startWith }
}
let built = 0

function start(source: RunnableSource, sink: RecordingSink, checkpoints: SourceCheckpoints) {
  const controller = new AbortController()
  const done = source.start(sink, controller.signal, checkpoints)
  return {
    async stop() {
      controller.abort()
      await done
    },
  }
}

const lines = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag} ${String(i)}`)

beforeAll(async () => {
  s3 = await startS3Server()
  await s3.createBucket('compliance')
})
afterAll(async () => {
  await s3.close()
  dir.remove()
})

describe.each(harnesses)('source compliance: $type', (harness) => {
  it('reports health and metrics: stopped, then ok with what it received, then stopped', async () => {
    const { source, id, startWith } = build(harness)
    expect(source.health().status).toBe('stopped')
    const sink = new RecordingSink()
    const running = await startWith(lines('h', 3), sink)
    try {
      await sink.waitForRecords(3).catch((err: unknown) => {
        throw new Error(`${String(err)}; health: ${JSON.stringify(source.health())}`)
      })
      await eventually(() => source.health().batches >= 1)
      expect(source.health()).toMatchObject({ status: 'ok', eventsIn: 3, errors: 0 })
      expect(source.health().lastEventAt).not.toBeNull()
      const text = renderSourceMetrics([source])
      expect(text).toContain(`caracal_source_events_total{source="${id}",type="${harness.type}"} 3`)
      expect(text).toContain(`caracal_source_up{source="${id}",type="${harness.type}"} 1`)
    } finally {
      await running.stop()
    }
    expect(source.health().status).toBe('stopped')
  })

  it('acknowledges only durable batches: a failing sink is retried, nothing lost or doubled', async () => {
    const { source, metrics, id, startWith } = build(harness)
    const sink = new RecordingSink()
    sink.failNext = 2
    const running = await startWith(lines('a', 4), sink)
    try {
      await sink.waitForRecords(4, 20_000)
      expect(sink.records).toEqual(lines('a', 4))
      expect(source.health()).toMatchObject({ status: 'ok', errors: 2 })
      expect(source.health().lastError?.code).toBe('SUBMIT_FAILED')
      // Each error also counts in the metrics registry, labelled with the source.
      const errors = (await metrics.render()).split('\n').filter((l) => l.includes('SUBMIT_FAILED'))
      expect(errors.some((l) => l.includes(id) && l.endsWith(' 2'))).toBe(true)
    } finally {
      await running.stop()
    }
  })

  it('hands its candidate log types on with every batch', async () => {
    const { startWith } = build(harness, ['Custom.Lines', 'Custom.Other', 'Custom.Third'])
    const sink = new RecordingSink()
    const running = await startWith(lines('c', 2), sink)
    try {
      await sink.waitForRecords(2)
      for (const batch of sink.batches) {
        expect([batch.logType, batch.candidates]).toEqual([
          'Custom.Lines',
          ['Custom.Other', 'Custom.Third'],
        ])
      }
    } finally {
      await running.stop()
    }
  })
})
