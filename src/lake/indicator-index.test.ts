import { describe, expect, it } from 'vitest'
import { IndicatorBloom } from './indicator-bloom.js'
import { IndicatorIndex, type IndexedRow } from './indicator-index.js'

const at = (second: number) => `2026-11-01 10:00:${String(second).padStart(2, '0')}.000000`
const rows = (values: string[][], times?: (string | undefined)[]): IndexedRow[] =>
  values.map((v, i) => ({ time: times === undefined ? at(i) : times[i], values: v }))

describe('IndicatorIndex', () => {
  it('keeps a time range and a filter per chunk, and survives a round trip', () => {
    const index = IndicatorIndex.build(rows([['a'], ['b'], ['c'], ['d'], ['e'], ['f']]), 2)
    const parsed = IndicatorIndex.parse(index.serialize())
    expect(parsed?.chunks.map((c) => c.range)).toEqual([
      [at(0), at(1)],
      [at(2), at(3)],
      [at(4), at(5)],
    ])
    expect(parsed?.candidates(['c'])).toEqual([[at(2), at(3)]])
    expect(parsed?.candidates(['zz'])).toEqual([])
  })

  it('merges overlapping ranges so no row group is read twice', () => {
    const times = [at(1), at(5), at(5), at(9), at(20), at(30), at(40), at(50)]
    const index = IndicatorIndex.build(rows([['x'], [], [], ['x'], [], [], [], []], times), 2)
    // Chunks [1,5] and [5,9] share 10:00:05: one range covers both.
    expect(index.candidates(['x'])).toEqual([[at(1), at(9)]])
  })

  it('reads the whole file when a candidate chunk has a row without time, or most chunks match', () => {
    const untimed = IndicatorIndex.build(
      rows([['x'], ['y'], ['z'], ['w']], [at(0), at(1), undefined, at(3)]),
      2,
    )
    expect(untimed.candidates(['x'])).toEqual([[at(0), at(1)]])
    expect(untimed.candidates(['z'])).toBe('all')
    const busy = IndicatorIndex.build(rows([['x'], ['x'], ['x'], ['y']]), 1)
    expect(busy.candidates(['x'])).toBe('all')
  })

  it('reads sidecars of earlier versions as one unbounded chunk', () => {
    const v1 = IndicatorBloom.build(['10.0.0.1'], 1).serialize()
    const index = IndicatorIndex.parse(v1)
    expect(index?.candidates(['10.0.0.1'])).toBe('all')
    expect(index?.candidates(['10.0.0.2'])).toEqual([])
  })

  it('refuses bytes that are not an index', () => {
    expect(IndicatorIndex.parse(new Uint8Array([9, 0, 0, 0, 1, 0, 0, 0]))).toBeUndefined()
    const truncated = IndicatorIndex.build(rows([['a'], ['b']]), 1)
      .serialize()
      .subarray(0, 20)
    expect(IndicatorIndex.parse(truncated)).toBeUndefined()
  })
})
