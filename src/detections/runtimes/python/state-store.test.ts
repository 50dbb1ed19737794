import { describe, expect, it } from 'vitest'
import { DetectionStateStore } from './state-store.js'

describe('DetectionStateStore', () => {
  it('keeps counters until they expire', () => {
    let now = 1000
    const store = new DetectionStateStore(() => now)
    expect(store.apply('get_counter', ['k'])).toBe(0)
    expect(store.apply('increment_counter', ['k', 2])).toBe(2)
    expect(store.apply('increment_counter', ['k', 1])).toBe(3)
    store.apply('set_expiration', ['k', 1005])
    expect(store.apply('get_counter', ['k'])).toBe(3)
    now = 1005
    expect(store.apply('get_counter', ['k'])).toBe(0)
    expect(store.apply('increment_counter', ['k', 1])).toBe(1)
    store.apply('reset', ['k'])
    expect(store.apply('get_counter', ['k'])).toBe(0)
  })

  it('keeps string sets and dictionaries, with an expiry set on put', () => {
    let now = 0
    const store = new DetectionStateStore(() => now)
    expect(store.apply('add_to_string_set', ['s', ['b', 'a']])).toEqual(['a', 'b'])
    expect(store.apply('remove_from_string_set', ['s', ['a']])).toEqual(['b'])
    store.apply('put_string_set', ['t', ['x'], 10])
    store.apply('put_dictionary', ['d', { a: 1 }, null])
    expect(store.apply('get_string_set', ['t'])).toEqual(['x'])
    now = 10
    expect(store.apply('get_string_set', ['t'])).toEqual([])
    expect(store.apply('get_dictionary', ['d'])).toEqual({ a: 1 })
    expect(() => store.apply('drop_table', ['d'])).toThrow(/Unknown detection state operation/)
  })
})
