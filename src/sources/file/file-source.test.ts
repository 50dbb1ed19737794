import {
  appendFileSync,
  mkdirSync,
  renameSync,
  statSync,
  symlinkSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { PrometheusMetrics, silentLogger } from '../../platform/telemetry/index.js'
import {
  eventually,
  MemoryCheckpoints,
  RecordingSink,
} from '../../../test/helpers/recording-sink.js'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import { fileSourcePlugin } from './index.js'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function dir(): string {
  const d = tempDir('file-source')
  cleanups.push(d.remove)
  return d.path
}

/** Starts a file source; `stop()` aborts it and waits until it finished. */
function run(
  config: Record<string, unknown>,
  checkpoints = new MemoryCheckpoints(),
  sink = new RecordingSink(),
) {
  const parsed = fileSourcePlugin.configSchema.parse({
    type: 'file',
    logType: 'Custom.Lines',
    pollIntervalMs: 50,
    ...config,
  })
  const source = fileSourcePlugin.create(parsed, {
    id: 'files',
    logger: silentLogger(),
    metrics: new PrometheusMetrics(),
  })
  const controller = new AbortController()
  const done = source.start(sink, controller.signal, checkpoints)
  const stop = async () => {
    controller.abort()
    await done
  }
  cleanups.push(stop)
  return { source, sink, checkpoints, stop }
}

const numbered = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `line ${from + i}`)
const text = (lines: string[]) => lines.map((l) => `${l}\n`).join('')

describe('file source', () => {
  it('reads a file, then lines appended to it; a partial line waits for its newline', async () => {
    const d = dir()
    const path = join(d, 'app.log')
    writeFileSync(path, text(numbered(0, 3)))
    const { sink, source } = run({ paths: [path] })
    await sink.waitForRecords(3)
    appendFileSync(path, 'line 3\nline')
    await sink.waitForRecords(4)
    await new Promise((r) => setTimeout(r, 200))
    expect(sink.records).toEqual(numbered(0, 4))
    appendFileSync(path, ' 4\r\n\n')
    await sink.waitForRecords(5)
    expect(sink.records).toEqual(numbered(0, 5))
    expect(sink.batches[0]?.logType).toBe('Custom.Lines')
    expect(source.health()).toMatchObject({ status: 'ok', eventsIn: 5, errors: 0 })
  })

  it('finishes a rotated file before reading its replacement (rename + new file)', async () => {
    const d = dir()
    const path = join(d, 'app.log')
    writeFileSync(path, text(numbered(0, 2)))
    const { sink } = run({ paths: [path] })
    await sink.waitForRecords(2)
    renameSync(path, `${path}.1`)
    // The writer still appends to the old file for a moment, then opens a new one.
    appendFileSync(`${path}.1`, text(numbered(2, 4)))
    writeFileSync(path, text(numbered(4, 6)))
    await sink.waitForRecords(6)
    await new Promise((r) => setTimeout(r, 200))
    expect(sink.records).toEqual(numbered(0, 6))
  })

  it('rereads a truncated file from its start', async () => {
    const d = dir()
    const path = join(d, 'app.log')
    writeFileSync(path, text(numbered(0, 5)))
    const { sink } = run({ paths: [path] })
    await sink.waitForRecords(5)
    truncateSync(path, 0)
    await new Promise((r) => setTimeout(r, 150))
    appendFileSync(path, text(['after truncation']))
    await sink.waitForRecords(6)
    expect(sink.records).toEqual([...numbered(0, 5), 'after truncation'])
  })

  it('resumes from its stored offsets after a restart: no duplicates, no loss', async () => {
    const d = dir()
    const path = join(d, 'app.log')
    writeFileSync(path, text(numbered(0, 3)))
    const first = run({ paths: [join(d, 'app.log*')] })
    await first.sink.waitForRecords(3)
    await first.stop()
    // While stopped: more lines, then a rotation to a name the glob also matches.
    appendFileSync(path, text(numbered(3, 5)))
    renameSync(path, `${path}.1`)
    writeFileSync(path, text(numbered(5, 7)))
    const second = run({ paths: [join(d, 'app.log*')] }, first.checkpoints)
    await second.sink.waitForRecords(4)
    await new Promise((r) => setTimeout(r, 200))
    expect(second.sink.records.sort()).toEqual(numbered(3, 7))
  })

  it('stores an offset only once the batch is durable', async () => {
    const d = dir()
    const path = join(d, 'app.log')
    writeFileSync(path, text(numbered(0, 3)))
    const failing = new RecordingSink()
    failing.failNext = 1000
    const first = run({ paths: [path] }, undefined, failing)
    await eventually(() => first.source.health().status === 'failing')
    expect(first.source.health().lastError?.code).toBe('SUBMIT_FAILED')
    await first.stop()
    expect(failing.records).toEqual([])
    // Only where the pending batch ends is noted; the offset stays where nothing is durable yet.
    const stored = JSON.parse((await first.checkpoints.list('files')).get(path) ?? '{}') as object
    expect(stored).toMatchObject({ offset: 0, pending: text(numbered(0, 3)).length })
    const second = run({ paths: [path] }, first.checkpoints)
    await second.sink.waitForRecords(3)
    expect(second.sink.records).toEqual(numbered(0, 3))
    const offset = () =>
      (JSON.parse(first.checkpoints.data.get('files')?.get(path) ?? '{}') as { offset?: number })
        .offset
    await eventually(() => offset() === text(numbered(0, 3)).length)
  })

  it('follows globs across folders and picks up files created later', async () => {
    const d = dir()
    mkdirSync(join(d, 'a', 'deep'), { recursive: true })
    writeFileSync(join(d, 'a', 'one.log'), text(['one']))
    writeFileSync(join(d, 'a', 'skip.txt'), text(['skipped']))
    const { sink } = run({ paths: [join(d, '**', '*.log')] })
    await sink.waitForRecords(1)
    writeFileSync(join(d, 'a', 'deep', 'two.log'), text(['two']))
    await sink.waitForRecords(2)
    expect(sink.records.sort()).toEqual(['one', 'two'])
  })

  it('starts at the end with startAt: end, and skips over-long lines with an error', async () => {
    const d = dir()
    const path = join(d, 'app.log')
    writeFileSync(path, text(['old']))
    const { sink, source } = run({ paths: [path], startAt: 'end', maxLineBytes: 1024 })
    await eventually(() => source.health().status === 'ok')
    await new Promise((r) => setTimeout(r, 150))
    appendFileSync(path, `${'x'.repeat(3000)}\nnew\n`)
    await sink.waitForRecords(1)
    expect(sink.records).toEqual(['new'])
    expect(source.health().lastError?.code).toBe('LINE_TOO_LONG')
  })

  it('re-reads exactly the batch pending at a crash, flagged, then goes on; passes candidates', async () => {
    const d = dir()
    const path = join(d, 'app.log')
    writeFileSync(path, text(numbered(0, 5)))
    const { ino, dev } = statSync(path)
    // As a crash leaves it: offset 0 stored, and the end of the batch submitted before the crash.
    const checkpoints = new MemoryCheckpoints()
    const pending = text(numbered(0, 2)).length
    await checkpoints.set('files', path, JSON.stringify({ dev, ino, offset: 0, pending }))
    const { sink } = run(
      { paths: [path], batchSize: 10, candidates: ['Custom.Other'] },
      checkpoints,
    )
    await sink.waitForRecords(5)
    expect(sink.batches.map((b) => [b.records, b.reread, b.candidates])).toEqual([
      [numbered(0, 2), true, ['Custom.Other']],
      [numbered(2, 5), undefined, ['Custom.Other']],
    ])
    await eventually(() => {
      const value = JSON.parse(checkpoints.data.get('files')?.get(path) ?? '{}') as object
      return (
        JSON.stringify(value) === JSON.stringify({ dev, ino, offset: text(numbered(0, 5)).length })
      )
    })
  })

  it('marks itself failing on a file it cannot open, reads the others, and recovers', async () => {
    const d = dir()
    writeFileSync(join(d, 'good.log'), text(['good']))
    // A symlink to itself: stat fails with ELOOP even for root (who reads any mode).
    symlinkSync(join(d, 'loop.log'), join(d, 'loop.log'))
    const { source, sink } = run({ paths: [join(d, '*.log')] })
    await sink.waitForRecords(1)
    expect(sink.records).toEqual(['good'])
    await eventually(() => source.health().status === 'failing')
    expect(source.health().lastError).toMatchObject({ code: 'READ_FAILED' })
    expect(source.health().lastError?.message).toContain('ELOOP')
    unlinkSync(join(d, 'loop.log'))
    await eventually(() => source.health().status === 'ok')
    appendFileSync(join(d, 'good.log'), text(['after']))
    await sink.waitForRecords(2)
    expect(sink.records).toEqual(['good', 'after'])
  })
})
