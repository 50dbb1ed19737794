import { describe, expect, it } from 'vitest'
import { severities } from '../../../contract/index.js'
import type { EventRecord } from '../../../core/index.js'
import { idle, progressSlot, progressSlots } from './protocol.js'
import { DetectionRunner, type Findings, type RunnableDetection } from './run-detection.js'

/** A detection from its functions, in `functionNames` order (rule, title, dedup, …). */
function detection(index: number, ...fns: ((e: EventRecord) => unknown)[]): RunnableDetection {
  return { index, id: `D${String(index)}`, name: `Det ${String(index)}`, severity: 'LOW', fns }
}

function setup() {
  const progress = new Int32Array(new SharedArrayBuffer(progressSlots * 4))
  const runner = new DetectionRunner(progress, new Set(severities))
  const out: Findings = { matches: [], errors: [] }
  return { progress, runner, out }
}

describe('DetectionRunner.evaluate', () => {
  it('runs every rule on the event, with matches, rule errors and non-boolean results', () => {
    const { progress, runner, out } = setup()
    const seen: [number, number][] = []
    const marks = (index: number) => () => {
      seen.push([progress[progressSlot.detection] as number, progress[progressSlot.fn] as number])
      return index === 0
    }
    const detections = [
      detection(0, marks(0), (e) => `title ${String(e.user)}`),
      detection(3, marks(3)),
      detection(5, () => {
        throw new RangeError('bad')
      }),
      detection(7, () => 'yes'),
    ]
    runner.evaluate(detections, { user: 'ann' }, 4, undefined, out)
    expect(seen).toEqual([
      [0, 0],
      [3, 0],
    ])
    expect(out.matches).toEqual([
      {
        event: 4,
        detection: 0,
        title: 'title ann',
        dedup: 'title ann',
        alertContext: {},
        severity: 'LOW',
        destinations: undefined,
      },
    ])
    expect(out.errors).toEqual([
      { event: 4, detection: 5, functionName: 'rule', errorType: 'RangeError', message: 'bad' },
      {
        event: 4,
        detection: 7,
        functionName: 'rule',
        errorType: 'TypeError',
        message: 'rule() must return a boolean, got "yes"',
      },
    ])
    // Each call bumped the sequence; between events the marker says idle.
    expect(progress[progressSlot.seq]).toBe(5)
    expect(progress[progressSlot.event]).toBe(4)
    expect(progress[progressSlot.fn]).toBe(idle)
  })

  it('leaves out the calls that already timed out on this event', () => {
    const { runner, out } = setup()
    const calls: string[] = []
    const detections = [
      detection(
        0,
        () => (calls.push('rule 0'), true),
        () => (calls.push('title 0'), 'never'),
      ),
      detection(1, () => (calls.push('rule 1'), true)),
    ]
    // Detection 0's title() timed out here before; detection 1's rule() did.
    const skips = new Map([
      [0, new Set([1])],
      [1, new Set([0])],
    ])
    runner.evaluate(detections, {}, 0, skips, out)
    expect(calls).toEqual(['rule 0'])
    expect(out.matches.map((m) => [m.detection, m.title])).toEqual([[0, 'Det 0']])
    expect(out.errors).toEqual([])
  })
})
