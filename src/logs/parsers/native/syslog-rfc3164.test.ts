import { describe, expect, it } from 'vitest'
import { createTextParser } from '../index.js'
import { createSyslogRfc3164Parser } from './syslog-rfc3164.js'

const now = () => new Date('2026-03-15T12:00:00Z')
const parse = createSyslogRfc3164Parser({ name: 'syslog-rfc3164', requirePriority: false }, now)

describe('syslog-rfc3164 parser', () => {
  it('reads PRI, timestamp, host, tag with pid and message', () => {
    expect(parse("<34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed")).toEqual({
      ok: true,
      value: {
        priority: '34',
        facility: '4',
        severity: '2',
        timestamp: '2025-10-11T22:14:15Z',
        hostname: 'mymachine',
        appname: 'su',
        procid: '123',
        message: "'su root' failed",
      },
    })
  })

  it('gives a timestamp the year closest to now', () => {
    expect(parse('Mar  2 01:02:03 h app: x')).toMatchObject({
      value: { timestamp: '2026-03-02T01:02:03Z' },
    })
    expect(parse('Dec 31 23:59:59 h app: x')).toMatchObject({
      value: { timestamp: '2025-12-31T23:59:59Z' },
    })
    expect(parse('Mar 16 08:00:00 h app: x')).toMatchObject({
      value: { timestamp: '2026-03-16T08:00:00Z' },
    })
    expect(parse('Mar 20 08:00:00 h app: x')).toMatchObject({
      value: { timestamp: '2025-03-20T08:00:00Z' },
    })
  })

  it('accepts lines without PRI, an RFC 3339 timestamp, or a year in the timestamp', () => {
    expect(parse('Feb  4 11:14:27 1.2.3.4 apache_server: test message')).toMatchObject({
      value: { hostname: '1.2.3.4', appname: 'apache_server', message: 'test message' },
    })
    expect(parse('<13>2026-07-23T09:30:45.123+02:00 host daemon: hi')).toMatchObject({
      value: { timestamp: '2026-07-23T09:30:45.123+02:00', hostname: 'host', appname: 'daemon' },
    })
    expect(parse('Jan  5 2024 10:00:00 h app: x')).toMatchObject({
      value: { timestamp: '2024-01-05T10:00:00Z' },
    })
  })

  it('reads a tag ended by a tab (Snare) and a missing hostname', () => {
    expect(parse('<14>Sep 17 16:37:25 HOST MSWinEventLog\t1\tSecurity')).toMatchObject({
      value: { hostname: 'HOST', appname: 'MSWinEventLog', message: '1\tSecurity' },
    })
    expect(parse('<34>Oct 11 22:14:15 su: failed')).toMatchObject({
      value: { appname: 'su', message: 'failed' },
    })
    expect(parse('Oct 11 22:14:15 host sshd(pam_unix)[19939]: auth')).toMatchObject({
      value: { appname: 'sshd(pam_unix)', procid: '19939', message: 'auth' },
    })
  })

  it('fails precisely on a bad PRI or a missing timestamp', () => {
    expect(parse('<999>Oct 11 22:14:15 h a: x')).toEqual({
      ok: false,
      reason: 'PRI 999 is over 191',
    })
    expect(parse('<0>x')).toEqual({
      ok: false,
      reason: 'no "Mmm dd hh:mm:ss" timestamp at offset 3',
    })
    expect(parse('Foo 11 22:14:15 h a: x')).toEqual({
      ok: false,
      reason: 'invalid date in Foo 11 22:14:15',
    })
  })

  it('can require PRI', () => {
    const strict = createTextParser({ native: { name: 'syslog-rfc3164', requirePriority: true } })
    expect(strict('Oct 11 22:14:15 h a: x')).toEqual({ ok: false, reason: 'no <PRI> at the start' })
  })
})
