import { describe, expect, it } from 'vitest'
import { failureOf, parseOne, without } from './vendor-cases.js'

/** Windows event logs as Fluent Bit's winevtlog input forwards them. */

describe('Windows.EventLogs', () => {
  const logon = {
    ProviderName: 'Microsoft-Windows-Security-Auditing',
    ProviderGuid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
    Qualifiers: '',
    EventID: 4624,
    Version: 2,
    Level: 0,
    Task: 12544,
    Opcode: 0,
    Keywords: '0x8020000000000000',
    TimeCreated: '2024-03-22 16:19:01 +0900',
    EventRecordID: 163543,
    ActivityID: '{0CB6D2E1-1F0B-0001-40D3-B60C0B1FDA01}',
    RelatedActivityID: '',
    ProcessID: 780,
    ThreadID: 6540,
    Channel: 'Security',
    Computer: 'ws-042.corp.example.com',
    UserID: '',
    Message: 'An account was successfully logged on.',
    StringInserts: [
      'S-1-5-18',
      'WS-042$',
      'CORP',
      '0x3e7',
      'S-1-5-21-1-2-3-1104',
      'jdoe',
      'CORP',
      '0x1d3f2a',
      '10',
      'User32',
      '192.0.2.81',
    ],
  }

  it('parses a logon event with its zone offset', () => {
    expect(parseOne('Windows.EventLogs', logon)).toMatchObject({
      EventID: 4624,
      Channel: 'Security',
      p_event_time: '2024-03-22 07:19:01.000',
      p_any_ip_addresses: ['192.0.2.81'],
      p_any_domain_names: ['ws-042.corp.example.com'],
    })
  })

  it('refuses an event without an event id', () => {
    expect(failureOf('Windows.EventLogs', without(logon, 'EventID'))).toBe(
      'missing required field EventID',
    )
  })
})
