import { describe, expect, it } from 'vitest'
import { builtinLogTypes } from '../../registry.js'
import { corpusFiles, corpusMissing } from '../fixtures/corpus.js'
import { failureOf, parseOne, without } from './vendor-cases.js'

/**
 * The typed Falcon Data Replicator log types (Panther's legacy Crowdstrike.* types): sensor events
 * typed by event_simpleName, and the inventory files (aidmaster, appinfo, userinfo, managedassets,
 * notmanaged) that carry no event name.
 */

const registry = builtinLogTypes()
const sensorTypes: Record<string, string[]> = {
  'Crowdstrike.ProcessRollup2': ['ProcessRollup2'],
  'Crowdstrike.SyntheticProcessRollup2': ['SyntheticProcessRollup2'],
  'Crowdstrike.ProcessRollup2Stats': ['ProcessRollup2Stats'],
  'Crowdstrike.DNSRequest': ['DnsRequest'],
  'Crowdstrike.NetworkConnect': ['NetworkConnectIP4', 'NetworkConnectIP6'],
  'Crowdstrike.NetworkListen': ['NetworkListenIP4', 'NetworkListenIP6'],
  'Crowdstrike.UserIdentity': ['UserIdentity'],
  'Crowdstrike.GroupIdentity': ['GroupIdentity'],
  'Crowdstrike.UserLogonLogoff': ['UserLogon', 'UserLogoff', 'UserLogonFailed', 'UserLogonFailed2'],
  'Crowdstrike.CriticalFile': ['CriticalFileAccessed', 'CriticalFileModified'],
}
const typed = [...Object.keys(sensorTypes), 'Crowdstrike.Unknown']
const inventory = [
  'Crowdstrike.AIDMaster',
  'Crowdstrike.AppInfo',
  'Crowdstrike.UserInfo',
  'Crowdstrike.ManagedAssets',
  'Crowdstrike.NotManagedAssets',
]

/** The one typed log type a record with this event name belongs to. */
function typeOf(eventName: string): string {
  return (
    Object.entries(sensorTypes).find(([, names]) => names.includes(eventName))?.[0] ??
    'Crowdstrike.Unknown'
  )
}

/** The `input:` of Panther's own parser tests of a log type (its test files in the corpus). */
function pantherTests(logType: string): string[] {
  return corpusFiles('CrowdStrike.FDR', logType)
    .filter((f) => f.file.endsWith('.yml'))
    .flatMap((f) => f.records)
}

/** The names of the log types (of `among`) that accept the record. */
function acceptedBy(record: string, among: readonly string[]): string[] {
  return among.filter((name) => registry.find(name).parse(record).events.length > 0)
}

describe.skipIf(corpusMissing)('typed Crowdstrike log types against the shared corpus', () => {
  it("parses Panther's own test events of each inventory and identity type, with its indicators", () => {
    const expected: Record<string, Record<string, unknown>> = {
      'Crowdstrike.AIDMaster': {
        p_event_time: '2020-05-24 23:50:06.990',
        AgentTimeOffset: -15967.47,
        p_any_ip_addresses: ['10.0.0.1'],
      },
      'Crowdstrike.AppInfo': {
        detectioncount: 1,
        p_any_sha256_hashes: ['69061e33acb7587d773d05000390f9101f71dfd6eed7973b551594eaf3f04193'],
      },
      'Crowdstrike.UserInfo': { LogonTime: '2020-05-23 05:36:46.990', LoggedOnHostCount: 1 },
      'Crowdstrike.ManagedAssets': { p_any_ip_addresses: ['10.0.0.1', '10.0.0.190'] },
      'Crowdstrike.NotManagedAssets': {
        p_any_ip_addresses: ['10.0.0.1', '10.0.0.190', '10.0.0.175'],
        discovererCount: 1,
      },
      'Crowdstrike.UserIdentity': {
        p_event_time: '2020-05-24 23:50:38.848',
        p_any_ip_addresses: ['10.0.0.1'],
      },
      'Crowdstrike.GroupIdentity': { GID: 7893, p_any_ip_addresses: ['10.0.0.1'] },
    }
    for (const [logType, want] of Object.entries(expected)) {
      const records = pantherTests(logType)
      expect(records.length, logType).toBeGreaterThan(0)
      for (const record of records) {
        const outcome = registry.find(logType).parse(record)
        expect(outcome.failures).toEqual([])
        expect(outcome.events[0], logType).toMatchObject(want)
        // Exactly one of the typed and inventory types takes it: classification is unambiguous.
        expect(acceptedBy(record, [...typed, ...inventory])).toEqual([logType])
      }
    }
  })

  it('the windows UserIdentity test event carries its user name and session as indicators', () => {
    const [windows] = pantherTests('Crowdstrike.UserIdentity').filter((r) => r.includes('"Win"'))
    expect(registry.find('Crowdstrike.UserIdentity').parse(windows ?? '').events[0]).toMatchObject({
      LogonType: 2,
      LogonId: '123456789',
      p_any_usernames: ['Test-User-Principal', 'TestUser'],
      p_any_trace_ids: ['5be0664506294ed0427671ed0563f1f8', '1929203'],
    })
  })

  it('gives every raw Linux FDR line to exactly the typed log type of its event_simpleName', () => {
    const records = corpusFiles('CrowdStrike.FDR', '')
      .filter((f) => f.file.endsWith('.log'))
      .flatMap((f) => f.records)
    expect(records.length).toBe(5)
    for (const record of records) {
      const name = (JSON.parse(record) as { event_simpleName: string }).event_simpleName
      expect(acceptedBy(record, [...typed, ...inventory]), name).toEqual([typeOf(name)])
      const outcome = registry.find(typeOf(name)).parse(record)
      expect(outcome.failures).toEqual([])
    }
  })
})

describe('typed Crowdstrike sensor events', () => {
  const dns = {
    event_simpleName: 'DnsRequest',
    name: 'DnsRequestV4',
    aid: 'ffffffff1111ffff2222ffff3333ffff',
    aip: '203.0.113.77',
    cid: 'aaaaaaaa1111aaaa2222aaaa3333aaaa',
    id: '4a9c7e36-4c8a-11ee-8ab8-06e1b0f2b1a7',
    event_platform: 'Win',
    timestamp: '1694000000123',
    ContextTimeStamp: '1693999999.871',
    ContextProcessId: '12884902331',
    ContextThreadId: '8589935026',
    DomainName: 'login.Example.com',
    RequestType: '1',
    InterfaceIndex: '0',
    DualRequest: '0',
    EffectiveTransmissionClass: '3',
  }

  it('reads a DnsRequest: the host time is the event time, the domain an indicator', () => {
    expect(parseOne('Crowdstrike.DNSRequest', dns)).toMatchObject({
      p_event_time: '2023-09-06 11:33:19.871',
      timestamp: '2023-09-06 11:33:20.123',
      InterfaceIndex: 0,
      p_any_domain_names: ['login.example.com'],
      p_any_ip_addresses: ['203.0.113.77'],
    })
  })

  it('falls back to the cloud time without ContextTimeStamp, and keeps unknown fields', () => {
    const event = parseOne('Crowdstrike.DNSRequest', {
      ...without(dns, 'ContextTimeStamp'),
      CNAMERecords: 'a.example.net',
    })
    expect(event).toMatchObject({
      p_event_time: '2023-09-06 11:33:20.123',
      CNAMERecords: 'a.example.net',
      p_extra_fields: { CNAMERecords: 'a.example.net' },
    })
  })

  it('refuses the events of other types, and Unknown refuses every typed event', () => {
    expect(failureOf('Crowdstrike.NetworkConnect', dns)).toMatch(/is not an allowed value$/)
    expect(failureOf('Crowdstrike.Unknown', dns)).toMatch(/is a denied value$/)
    expect(failureOf('Crowdstrike.DNSRequest', { ...dns, event_simpleName: undefined })).toBe(
      'missing required field event_simpleName',
    )
    for (const names of Object.values(sensorTypes)) {
      for (const name of names) {
        expect(acceptedBy(JSON.stringify({ ...dns, event_simpleName: name }), typed)).toEqual([
          typeOf(name),
        ])
      }
    }
    expect(acceptedBy(JSON.stringify({ ...dns, event_simpleName: 'DriverLoad' }), typed)).toEqual([
      'Crowdstrike.Unknown',
    ])
  })

  it('reads an outbound IPv4 connection with ports and protocol as numbers', () => {
    const event = parseOne('Crowdstrike.NetworkConnect', {
      event_simpleName: 'NetworkConnectIP4',
      aid: 'ffffffff1111ffff2222ffff3333ffff',
      timestamp: '1694000000123',
      ContextProcessId: '12884902331',
      LocalAddressIP4: '10.1.2.3',
      LocalPort: '51234',
      RemoteAddressIP4: '198.51.100.20',
      RemotePort: '443',
      Protocol: '6',
      ConnectionDirection: '0',
      ConnectionFlags: '0',
    })
    expect(event).toMatchObject({ RemotePort: 443, Protocol: 6, ConnectionDirection: 0 })
    expect(event.p_any_ip_addresses).toEqual(['10.1.2.3', '198.51.100.20'])
  })

  it('reads a Windows ProcessRollup2 with hashes, keeping 64-bit ids as text', () => {
    const event = parseOne('Crowdstrike.ProcessRollup2', {
      event_simpleName: 'ProcessRollup2',
      name: 'ProcessRollup2V19',
      aid: 'ffffffff1111ffff2222ffff3333ffff',
      aip: '203.0.113.77',
      event_platform: 'Win',
      timestamp: '1682368416719',
      TargetProcessId: '8081349242194000050',
      ParentProcessId: '4370948876',
      RawProcessId: '3120',
      CommandLine: '"C:\\Windows\\System32\\cmd.exe" /c whoami',
      ImageFileName: '\\Device\\HarddiskVolume2\\Windows\\System32\\cmd.exe',
      SHA256HashData: '840E1F9DC5A29BEBF01626822D7390251E9CF05BB3560BA7B68BDB8A41CF08E3',
      MD5HashData: 'c031e215b8b08c752bf362f6d4c5d3ad',
      ProcessStartTime: '1682368414.719',
      UserSid: 'S-1-5-21-1111-2222-3333-1001',
      IntegrityLevel: '12288',
      ParentBaseFileName: 'explorer.exe',
    })
    expect(event).toMatchObject({
      TargetProcessId: '8081349242194000050',
      RawProcessId: 3120,
      ProcessStartTime: '2023-04-24 20:33:34.719',
      p_event_time: '2023-04-24 20:33:36.719',
      p_any_sha256_hashes: ['840e1f9dc5a29bebf01626822d7390251e9cf05bb3560ba7b68bdb8a41cf08e3'],
    })
  })

  it('reads a failed logon with its remote address', () => {
    const event = parseOne('Crowdstrike.UserLogonLogoff', {
      event_simpleName: 'UserLogonFailed2',
      aid: 'ffffffff1111ffff2222ffff3333ffff',
      timestamp: '1694000000123',
      ContextTimeStamp: '1693999999.000',
      UserName: 'administrator',
      LogonDomain: 'CORP',
      LogonType: '10',
      RemoteAddressIP4: '192.0.2.50',
      Status: '3221225578',
      SubStatus: '3221225572',
    })
    expect(event).toMatchObject({
      LogonType: 10,
      p_any_usernames: ['administrator'],
      p_any_ip_addresses: ['192.0.2.50'],
    })
  })

  it('needs Time and aid for an aidmaster record, so a managedassets one is not taken for it', () => {
    const managed = {
      _time: '1590364206.99',
      aid: '0cfb1a68ef6b49fdb0d2b12725057057',
      MAC: '11-22-33-99-88-77',
    }
    expect(failureOf('Crowdstrike.AIDMaster', managed)).toBe('missing required field Time')
    expect(parseOne('Crowdstrike.ManagedAssets', managed).p_event_time).toBe(
      '2020-05-24 23:50:06.990',
    )
    expect(
      parseOne('Crowdstrike.ManagedAssets', { ...managed, _time: '05/24/2020 23:50:06.990' })
        .p_event_time,
    ).toBe('2020-05-24 23:50:06.990')
  })
})
