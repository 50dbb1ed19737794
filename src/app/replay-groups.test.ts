import { describe, expect, it } from 'vitest'
import type { DetectionMeta, RuleMatch } from '../core/index.js'
import { WouldOpenAlerts } from './replay-groups.js'

const meta = (threshold: number) =>
  ({ id: 'R', threshold, dedupPeriodMinutes: 10 }) as unknown as DetectionMeta

function match(dedup: string, time: string): RuleMatch {
  return {
    ruleId: 'R',
    ruleVersion: '1',
    title: 't',
    dedup,
    severity: 'LOW',
    alertContext: {},
    destinations: undefined,
    event: { p_event_time: time },
  }
}

describe('WouldOpenAlerts', () => {
  it('opens one alert per dedup string and window when the threshold is 1', () => {
    const groups = new WouldOpenAlerts(() => meta(1))
    groups.add(match('a', '2026-11-28 10:00:00.000'))
    groups.add(match('a', '2026-11-28 10:09:59.000'))
    groups.add(match('b', '2026-11-28 10:01:00.000'))
    groups.add(match('a', '2026-11-28 10:10:00.000'))
    expect(groups.alerts('R')).toBe(3)
  })

  it('opens nothing for a group whose window ends below the threshold', () => {
    const groups = new WouldOpenAlerts(() => meta(3))
    groups.add(match('a', '2026-11-28 10:00:00.000'))
    groups.add(match('a', '2026-11-28 10:05:00.000'))
    groups.add(match('a', '2026-11-28 10:11:00.000'))
    expect(groups.alerts('R')).toBe(0)
    groups.add(match('a', '2026-11-28 10:12:00.000'))
    groups.add(match('a', '2026-11-28 10:13:00.000'))
    expect(groups.alerts('R')).toBe(1)
    groups.add(match('a', '2026-11-28 10:14:00.000'))
    expect(groups.alerts('R')).toBe(1)
  })
})
