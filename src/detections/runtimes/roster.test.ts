import { describe, expect, it } from 'vitest'
import { Roster } from './roster.js'

describe('Roster', () => {
  it('takes detections out and back in load order, marking each worker stale once', () => {
    const enabled = [{ id: 'a' }, { id: 'b' }, { id: 'c' }]
    const roster = new Roster<{ id: string }, string>(enabled)
    expect(roster.set('b', false, ['w1', 'w2'])).toBe(true)
    // The array the workers' init carries is the one changed.
    expect(enabled.map((d) => d.id)).toEqual(['a', 'c'])
    expect(roster.set('b', false, ['w1'])).toBe(false)
    expect(roster.takeStale('w1')).toBe(true)
    expect(roster.takeStale('w1')).toBe(false)
    expect(roster.set('a', false, [])).toBe(true)
    expect(roster.set('b', true, ['w3'])).toBe(true)
    expect(enabled.map((d) => d.id)).toEqual(['b', 'c'])
    expect(roster.set('a', true, [])).toBe(true)
    expect(enabled.map((d) => d.id)).toEqual(['a', 'b', 'c'])
    expect(roster.set('zzz', true, ['w4'])).toBe(false)
    expect(roster.takeStale('w4')).toBe(false)
    expect(roster.takeStale('w3')).toBe(true)
  })
})
