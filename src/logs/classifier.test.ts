import { describe, expect, it } from 'vitest'
import type { LogType, ParseOutcome } from '../core/index.js'
import { Classifier, classifyBatch } from './classifier.js'

/** A log type accepting records that start with its prefix, counting its parse calls. */
function prefixType(name: string, prefix: string): LogType & { calls: number } {
  const type = {
    name,
    description: '',
    columns: [],
    calls: 0,
    parse(raw: string): ParseOutcome {
      type.calls += 1
      if (raw === `${prefix}-header`) return { events: [], failures: [] }
      return raw.startsWith(prefix)
        ? { events: [{ raw }], failures: [] }
        : { events: [], failures: [{ raw, reason: `not ${prefix}` }] }
    },
  }
  return type
}

describe('Classifier', () => {
  it('tries the last success first and penalizes failures', () => {
    const a = prefixType('A', 'a')
    const b = prefixType('B', 'b')
    const c = prefixType('C', 'c')
    const classifier = new Classifier([a, b, c])
    expect(classifier.order()).toEqual(['A', 'B', 'C'])
    expect(classifier.classify('b1').logType?.name).toBe('B')
    // A failed once: B (success) leads, then C (never failed), then A.
    expect(classifier.order()).toEqual(['B', 'C', 'A'])
    a.calls = 0
    b.calls = 0
    for (const raw of ['b2', 'b3', 'b4']) classifier.classify(raw)
    // One parse per record once the source's log type leads.
    expect([a.calls, b.calls]).toEqual([0, 3])
    expect(classifier.classify('c1').logType?.name).toBe('C')
    expect(classifier.order()).toEqual(['C', 'B', 'A'])
  })

  it('accepts records with no events (headers), and explains records nobody accepts', () => {
    const classifier = new Classifier([prefixType('A', 'a'), prefixType('B', 'b')])
    expect(classifier.classify('b-header')).toEqual({
      logType: expect.objectContaining({ name: 'B' }) as unknown,
      outcome: { events: [], failures: [] },
    })
    expect(classifier.classify('zzz')).toEqual({
      logType: undefined,
      outcome: {
        events: [],
        failures: [
          {
            raw: 'zzz',
            reason: 'no candidate log type accepted the record (tried B: not b | A: not a)',
          },
        ],
      },
    })
  })
})

describe('classifyBatch', () => {
  it('groups events by log type with standard fields and row ids unique in the batch', () => {
    const classifier = new Classifier([prefixType('A', 'a'), prefixType('B', 'b')])
    const context = {
      batchId: 'x',
      sourceId: 's',
      sourceLabel: 'S',
      now: new Date('2026-01-01T00:00:00Z'),
    }
    const batch = classifyBatch(classifier, ['a1', 'b1', '?', 'a2'], context)
    expect(
      batch.groups.map((g) => [g.logType.name, g.events.map((e) => [e.raw, e.p_row_id])]),
    ).toEqual([
      [
        'A',
        [
          ['a1', 'x-0'],
          ['a2', 'x-2'],
        ],
      ],
      ['B', [['b1', 'x-1']]],
    ])
    expect(batch.groups[0]?.events[0]).toMatchObject({
      p_log_type: 'A',
      p_event_time: '2026-01-01 00:00:00.000',
      p_source_id: 's',
      p_source_label: 'S',
    })
    expect(batch.unclassified.map((f) => f.raw)).toEqual(['?'])
  })
})
