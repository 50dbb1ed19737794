import { describe, expect, it } from 'vitest'
import { failureOf, parseOne } from './parse-helpers.js'

// Shaped after an AppOmni alert in its ECS-based export format.
const alert = {
  '@timestamp': '2026-02-26T18:02:09.044Z',
  appomni: {
    alert: { channel: 'prod' },
    event: { dataset: 'appomni_alert', id: 'e927e832-bfb1-55d7-9159-0e5cd84dcc65' },
    organization: { id: 6 },
  },
  event: { created: '2026-02-26T18:04:15.109Z', kind: 'alert', severity: 3 },
  message: 'An external application has been installed by int_user in Workday',
  related: {
    event: ['cb786453-a105-5438-97a6-903d15e0cb7e'],
    ip: ['71.218.228.62'],
    services: { id: [34], type: ['workday'] },
    user: ['int_user'],
  },
  rule: {
    name: 'External Application Installed',
    ruleset: '1423ff39-3250-4d53-aafb-142e740668bd',
    threat: { framework: 'MITRE ATT&CK', tactic: { id: ['TA0005'], name: ['Defense Evasion'] } },
    uuid: '2aadaafd-4ec5-4a09-be6e-c2d70b555d19',
    version: '1',
  },
  version: '2.0.0',
}

describe('AppOmni.Alerts', () => {
  it('parses an alert with its time and indicators', () => {
    const event = parseOne('AppOmni.Alerts', alert)
    expect(event.p_event_time).toBe('2026-02-26 18:02:09.044')
    expect(event.p_any_ip_addresses).toEqual(['71.218.228.62'])
    expect(event.p_any_usernames).toEqual(['int_user'])
  })

  it('takes the event time from timestamp when present', () => {
    const event = parseOne('AppOmni.Alerts', { ...alert, timestamp: '2026-02-26T17:00:00Z' })
    expect(event.p_event_time).toBe('2026-02-26 17:00:00.000')
  })

  it('refuses a record without its kind', () => {
    expect(
      failureOf('AppOmni.Alerts', { ...alert, event: { created: '2026-02-26T18:04:15Z' } }),
    ).toBe('missing required field event.kind')
  })
})
