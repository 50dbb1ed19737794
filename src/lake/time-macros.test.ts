import { describe, expect, it } from 'vitest'
import { expandTimeMacros } from './time-macros.js'

const now = new Date('2026-03-04T05:06:07.000Z')
const atLeast = (p: string, y: number, m: number, d: number, h: number) =>
  `(${p}year > ${y} OR (${p}year = ${y} AND (${p}month > ${m} OR (${p}month = ${m} AND ` +
  `(${p}day > ${d} OR (${p}day = ${d} AND ${p}hour >= ${h}))))))`
const atMost = (p: string, y: number, m: number, d: number, h: number) =>
  `(${p}year < ${y} OR (${p}year = ${y} AND (${p}month < ${m} OR (${p}month = ${m} AND ` +
  `(${p}day < ${d} OR (${p}day = ${d} AND ${p}hour <= ${h}))))))`

describe('expandTimeMacros', () => {
  it('expands p_occurs_since into an event time and partition range', () => {
    expect(expandTimeMacros("SELECT 1 FROM t WHERE p_occurs_since('1 day')", now)).toBe(
      `SELECT 1 FROM t WHERE (p_event_time >= TIMESTAMP '2026-03-03 05:06:07.000' AND ${atLeast('', 2026, 3, 3, 5)})`,
    )
    expect(expandTimeMacros("p_occurs_since('6 hours', ct)", now)).toBe(
      `(ct.p_event_time >= TIMESTAMP '2026-03-03 23:06:07.000' AND ${atLeast('ct.', 2026, 3, 3, 23)})`,
    )
  })

  it('expands between, around, after and before', () => {
    expect(expandTimeMacros("P_OCCURS_BETWEEN('2026-01-01', '2026-01-02 12:00:00')", now)).toBe(
      `(p_event_time >= TIMESTAMP '2026-01-01 00:00:00.000' AND ${atLeast('', 2026, 1, 1, 0)} AND ` +
        `p_event_time <= TIMESTAMP '2026-01-02 12:00:00.000' AND ${atMost('', 2026, 1, 2, 12)})`,
    )
    expect(expandTimeMacros("p_occurs_around('2026-01-01T10:00:00Z', '30 min')", now)).toContain(
      "p_event_time >= TIMESTAMP '2026-01-01 09:30:00.000'",
    )
    expect(expandTimeMacros("p_occurs_after('2026-01-01 00:00:00+02:00')", now)).toBe(
      `(p_event_time >= TIMESTAMP '2025-12-31 22:00:00.000' AND ${atLeast('', 2025, 12, 31, 22)})`,
    )
    expect(expandTimeMacros("p_occurs_before('2026-01-01')", now)).toBe(
      `(p_event_time <= TIMESTAMP '2026-01-01 00:00:00.000' AND ${atMost('', 2026, 1, 1, 0)})`,
    )
  })

  it('leaves strings, comments and longer names alone', () => {
    const sql =
      "SELECT 'p_occurs_since(''1 day'')' -- p_occurs_since('x')\nFROM my_p_occurs_since(1)"
    expect(expandTimeMacros(sql, now)).toBe(sql)
  })

  it('explains bad arguments', () => {
    expect(() => expandTimeMacros("p_occurs_since('yesterday')", now)).toThrow(/Not a duration/)
    expect(() => expandTimeMacros('p_occurs_since(1)', now)).toThrow(/in quotes/)
    expect(() => expandTimeMacros("p_occurs_between('2026-01-01')", now)).toThrow(
      /2 or 3 arguments/,
    )
    expect(() => expandTimeMacros("p_occurs_after('soon')", now)).toThrow(/Not a timestamp/)
    expect(() => expandTimeMacros("p_occurs_since('1 day'", now)).toThrow(/closing parenthesis/)
  })
})
