import { describe, expect, it } from 'vitest'
import { failureOf, parseOne } from './parse-helpers.js'

// Shaped after a configuration audit event as Tailscale log streaming delivers it.
const keyExpiry = {
  time: 1772600767,
  event: {
    eventGroupID: 'f2a9c3e4b5d6a7b8c9d0e1f2a3b4c5d6',
    origin: 'ADMIN_CONSOLE',
    actor: {
      id: 'uJ8ZDN3CNTRL',
      type: 'USER',
      loginName: 'alice@example.com',
      displayName: 'Alice Example',
    },
    target: {
      id: 'nZ4p6x5CNTRL',
      name: 'build-server.tail1234.ts.net',
      type: 'NODE',
      property: 'KEY_EXPIRY',
    },
    type: 'UPDATE',
    old: false,
    new: true,
    unexpected: 'kept by the source, not declared',
  },
}

describe('Tailscale.Audit', () => {
  it('parses a configuration audit event with its time and indicators', () => {
    const event = parseOne('Tailscale.Audit', keyExpiry)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.000')
    expect(event.p_any_emails).toEqual(['alice@example.com'])
    expect(event.p_any_usernames).toEqual(['alice@example.com', 'Alice Example'])
    expect(event.event).toMatchObject({ type: 'UPDATE', old: false, new: true })
  })

  it('refuses an event without an actor', () => {
    const withoutActor = { ...keyExpiry.event, actor: undefined }
    expect(failureOf('Tailscale.Audit', { time: keyExpiry.time, event: withoutActor })).toBe(
      'missing required field event.actor',
    )
  })
})
