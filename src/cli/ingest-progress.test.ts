import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { formatBytes, startProgress, summaryLine, type IngestCounters } from './ingest-progress.js'

const counters = (over: Partial<IngestCounters> = {}): IngestCounters => ({
  inputs: 3,
  inputsDone: 1,
  bytes: 3 * 1024 * 1024,
  totalBytes: 12 * 1024 * 1024,
  records: 1200,
  events: 1000,
  failed: 2,
  unreadable: 1,
  ...over,
})

describe('ingest progress', () => {
  it('formats bytes in binary units', () => {
    expect([0, 1023, 1536, 5 * 1024 ** 3].map(formatBytes)).toEqual([
      '0 B',
      '1023 B',
      '1.5 KiB',
      '5.0 GiB',
    ])
  })

  it('summarizes inputs, bytes, events, failures and rates; stdin has no total', () => {
    expect(summaryLine(counters(), 2, false)).toBe(
      'ingest: 1/3 inputs, 3.0 MiB of 12.0 MiB read, 1000 events, 2 failed, 1 unreadable, ' +
        '500 events/s, 1.5 MiB/s, 2.0 s',
    )
    expect(summaryLine(counters({ totalBytes: undefined }), 4, true)).toMatch(
      /^ingest done: 1\/3 inputs, 3\.0 MiB read, .* 250 events\/s/,
    )
  })

  it('prints plain lines off a terminal, the last one on stop; none prints nothing', () => {
    const written: string[] = []
    // A pipe, not a terminal.
    const stream = new PassThrough()
    let now = 0
    const options = {
      intervalMs: 60_000,
      stream,
      write: (text: string) => written.push(text),
      now: () => now,
    }
    const lines = startProgress(counters(), { ...options, mode: 'auto' })
    expect(lines.mode).toBe('lines')
    now = 4000
    lines.stop()
    expect(written).toEqual([`${summaryLine(counters(), 4, true)}\n`])
    const none = startProgress(counters(), { ...options, mode: 'none' })
    none.stop()
    expect(written).toHaveLength(1)
  })
})
