import { describe, expect, it } from 'vitest'
import { builtinLogTypes } from '../../registry.js'
import { failureOf, parseOne, without } from './vendor-cases.js'

/** Logs of host agents and collectors: Fluentd's syslog records, osquery status, OSSEC alerts. */

const rfc3164 = {
  pri: 6,
  host: '192.168.0.1',
  ident: 'fluentd',
  pid: '11111',
  message: '[error] Syslog test',
  time: '2020-01-21 15:30:00 +0000',
  tag: 'system.local0.info',
}
const rfc5424 = {
  pri: 16,
  host: 'web-1.example.com',
  ident: 'sshd',
  pid: '5821',
  msgid: 'ID47',
  extradata: '[exampleSDID@32473 iut="3" eventSource="Application"]',
  message: 'Accepted publickey for deploy from 198.51.100.23 port 52144',
  time: '2020-01-21T15:30:00.123Z',
  tag: 'system.auth.info',
}

describe('Fluentd syslog records', () => {
  it('Fluentd.Syslog3164: fluentd time and an IP address as host', () => {
    expect(parseOne('Fluentd.Syslog3164', rfc3164)).toMatchObject({
      pri: 6,
      p_event_time: '2020-01-21 15:30:00.000',
      p_any_ip_addresses: ['192.168.0.1'],
    })
    const bare = without(without(rfc3164, 'pri'), 'pid')
    expect(parseOne('Fluentd.Syslog3164', bare).pid).toBeUndefined()
  })

  it('Fluentd.Syslog5424: structured data kept as text; an RFC 3164 record is not 5424', () => {
    expect(parseOne('Fluentd.Syslog5424', rfc5424)).toMatchObject({
      msgid: 'ID47',
      extradata: '[exampleSDID@32473 iut="3" eventSource="Application"]',
      p_event_time: '2020-01-21 15:30:00.123',
      p_any_domain_names: ['web-1.example.com'],
    })
    // As in Panther, only a message that is an address counts as one (free text is not scanned).
    expect(parseOne('Fluentd.Syslog5424', rfc5424).p_any_ip_addresses).toBeUndefined()
    expect(failureOf('Fluentd.Syslog5424', rfc3164)).toBe('missing required field msgid')
  })
})

const status = {
  hostIdentifier: 'host-01.example.com',
  calendarTime: 'Tue Nov  5 06:08:48 2019 UTC',
  unixTime: '1572934128',
  severity: '0',
  filename: 'scheduler.cpp',
  line: '83',
  message: 'Executing scheduled query pack_incident-response_arp_cache: select * from arp_cache;',
  version: '4.0.2',
  decorations: { host_uuid: '37821E12-CC8A-5AA3-A90C-FAB28A5BF8F9', username: 'user' },
  log_type: 'status',
}

describe('Osquery.Status', () => {
  it('reads a status line: numbers given as strings, decorations kept as they are', () => {
    expect(parseOne('Osquery.Status', status)).toMatchObject({
      p_event_time: '2019-11-05 06:08:48.000',
      unixTime: 1572934128,
      line: 83,
      severity: 0,
      decorations: { username: 'user' },
      p_any_domain_names: ['host-01.example.com'],
    })
  })

  it('refuses result lines, which other Osquery types read', () => {
    expect(failureOf('Osquery.Status', { ...status, log_type: 'result' })).toMatch(
      /"result" is not an allowed value$/,
    )
    const registry = builtinLogTypes()
    const differential = registry.find('Osquery.Differential').parse(JSON.stringify(status))
    expect(differential.events).toEqual([])
  })
})

const alert = {
  rule: {
    level: 5,
    comment: 'SSHD authentication failed.',
    sidid: 5716,
    groups: ['syslog', 'sshd', 'authentication_failed'],
    group: 'syslog,sshd,authentication_failed,',
    PCI_DSS: ['10.2.4', '10.2.5'],
    firedtimes: 3,
  },
  id: '1540304584.34121',
  TimeStamp: 1540304584000,
  decoder: 'sshd',
  srcip: '192.168.10.19',
  srcport: '36012',
  dstuser: 'root',
  location: '/var/log/auth.log',
  full_log:
    'Oct 23 14:23:04 server sshd[30109]: Failed password for root from 192.168.10.19 port 36012 ssh2',
  hostname: 'server',
  program_name: 'sshd',
}

describe('OSSEC.EventInfo', () => {
  it('reads an sshd alert: the rule, the source address and the target user', () => {
    expect(parseOne('OSSEC.EventInfo', { ...alert, agent: { id: '002' } })).toMatchObject({
      agent: { id: '002' },
      p_extra_fields: { agent: { id: '002' } },
      rule: { level: 5, sidid: 5716, PCI_DSS: ['10.2.4', '10.2.5'] },
      p_event_time: '2018-10-23 14:23:04.000',
      p_any_ip_addresses: ['192.168.10.19'],
      p_any_usernames: ['root'],
    })
    expect(failureOf('OSSEC.EventInfo', without(alert, 'full_log'))).toBe(
      'missing required field full_log',
    )
  })

  it('reads a syscheck alert with the hashes before and after the change', () => {
    const event = parseOne('OSSEC.EventInfo', {
      ...alert,
      rule: {
        level: 7,
        comment: 'Integrity checksum changed.',
        sidid: 550,
        group: 'ossec,syscheck,',
      },
      SyscheckFile: {
        path: '/etc/passwd',
        md5_before: '1cdf5a3f2aee8de8e4a6c5a5e4c3e6f0',
        md5_after: '7b2e3a1a7f84bd3c4b7d5c8e1a0b9f22',
        sha1_before: '5a5e8ee47d0d7a1c9f9bbd3f1e6d8c2b4a1f0e93',
        sha1_after: '0f6c2d1b8a7e9f3c5d4b2a1e0c9d8b7a6f5e4d3c',
        perm_after: 644,
      },
    })
    expect(event).toMatchObject({
      SyscheckFile: { path: '/etc/passwd', perm_after: 644 },
      p_any_md5_hashes: ['1cdf5a3f2aee8de8e4a6c5a5e4c3e6f0', '7b2e3a1a7f84bd3c4b7d5c8e1a0b9f22'],
    })
    expect(event.p_any_sha1_hashes).toHaveLength(2)
  })
})
