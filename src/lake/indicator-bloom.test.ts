import { describe, expect, it } from 'vitest'
import { bloomPathOf, IndicatorBloom } from './indicator-bloom.js'

describe('IndicatorBloom', () => {
  const values = Array.from({ length: 5000 }, (_, i) => `10.${String(i >> 8)}.${String(i & 255)}.1`)

  it('always finds the values it was built from, after a round trip', () => {
    const bloom = IndicatorBloom.parse(IndicatorBloom.build(values, values.length).serialize())
    expect(bloom).toBeDefined()
    expect(values.filter((v) => bloom?.mightContain(v) !== true)).toEqual([])
  })

  it('rules out other values (about 0.05% false positives)', () => {
    const bloom = IndicatorBloom.build(values, values.length)
    const others = Array.from(
      { length: 10_000 },
      (_, i) => `192.168.${String(i % 256)}.${String(i >> 8)}`,
    )
    const falsePositives = others.filter((v) => bloom.mightContain(v)).length
    // 5 expected; 1% (the filters' old rate) would be 100.
    expect(falsePositives).toBeLessThan(25)
    expect(IndicatorBloom.build([], 0).mightContain('10.0.0.1')).toBe(false)
  })

  it('refuses bytes that are not a filter, and names the sidecar after the file', () => {
    expect(IndicatorBloom.parse(new Uint8Array([9, 7, 0, 0, 1]))).toBeUndefined()
    expect(IndicatorBloom.parse(new Uint8Array([1]))).toBeUndefined()
    expect(bloomPathOf('/lake/logs/t/year=2024/x.parquet')).toBe('/lake/logs/t/year=2024/x.bloom')
  })
})
