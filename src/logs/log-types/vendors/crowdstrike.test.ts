import { describe, expect, it } from 'vitest'
import { corpusMissing } from '../fixtures/corpus.js'
import { failureOf, parseCorpus, parseOne, partialRuleTests, without } from './vendor-cases.js'

/** CrowdStrike Falcon: Data Replicator telemetry, Event Streams, detection summaries. */

describe.skipIf(corpusMissing)('Crowdstrike.FDREvent against the shared corpus', () => {
  it('parses the raw Linux FDR lines and the rule tests', () => {
    const events = parseCorpus({
      logType: 'Crowdstrike.FDREvent',
      folder: 'CrowdStrike.FDR',
      files: /\.(log|jsonl)$/,
      // Four rule tests are empty objects or carry no timestamp at all.
      explained: { 'panther-analysis-tests': partialRuleTests },
    })
    expect(events).toBe(68)
  })
})

describe('Crowdstrike.FDREvent', () => {
  // A raw ProcessRollup2 line as FDR writes it: every value a string, times in epoch units.
  const processRollup = {
    event_simpleName: 'ProcessRollup2',
    name: 'ProcessRollup2V19',
    aid: 'ffffffff1111ffff2222ffff3333ffff',
    aip: '203.0.113.77',
    cid: 'aaaaaaaa1111aaaa2222aaaa3333aaaa',
    id: 'b0c07877-f288-49f8-8cb3-150149a557b2',
    event_platform: 'Win',
    timestamp: '1682368416719',
    ContextTimeStamp: '1682368414.719',
    CommandLine: '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -enc aGk=',
    ImageFileName:
      '\\Device\\HarddiskVolume2\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    SHA256HashData: '840E1F9DC5A29BEBF01626822D7390251E9CF05BB3560BA7B68BDB8A41CF08E3',
    MD5HashData: 'c031e215b8b08c752bf362f6d4c5d3ad',
    UserName: 'jdoe',
    ParentBaseFileName: 'explorer.exe',
  }

  it('reads a raw process event with epoch times and hashes', () => {
    expect(parseOne('Crowdstrike.FDREvent', processRollup)).toMatchObject({
      event_simpleName: 'ProcessRollup2',
      p_event_time: '2023-04-24 20:33:36.719',
      ContextTimeStamp: '2023-04-24 20:33:34.719',
      p_any_ip_addresses: ['203.0.113.77'],
      p_any_sha256_hashes: ['840e1f9dc5a29bebf01626822d7390251e9cf05bb3560ba7b68bdb8a41cf08e3'],
      p_any_md5_hashes: ['c031e215b8b08c752bf362f6d4c5d3ad'],
      p_any_usernames: ['jdoe'],
    })
  })

  it('reads a DNS request with optional fields absent', () => {
    const event = parseOne('Crowdstrike.FDREvent', {
      event_simpleName: 'DnsRequest',
      aid: 'a1',
      timestamp: '1700000000000',
      DomainName: 'Update.Example.COM',
    })
    expect(event.p_any_domain_names).toEqual(['update.example.com'])
    expect(event.p_event_time).toBe('2023-11-14 22:13:20.000')
  })

  it('refuses an event whose timestamp is not a time', () => {
    expect(failureOf('Crowdstrike.FDREvent', { ...processRollup, timestamp: 'soon' })).toMatch(
      /^field timestamp: expected timestamp/,
    )
  })
})

describe('Crowdstrike.EventStreams', () => {
  // After the UserActivityAuditEvent example of the Event Streams documentation.
  const audit = {
    metadata: {
      customerIDString: 'aaaaaaaa1111aaaa2222aaaa3333aaaa',
      offset: 15412,
      eventType: 'UserActivityAuditEvent',
      eventCreationTime: 1591032296000,
      version: '1.0',
    },
    event: {
      UserId: 'analyst@example.com',
      UserIp: '192.0.2.14',
      OperationName: 'detection_update',
      ServiceName: 'detections',
      Success: true,
      UTCTimestamp: 1591032296,
      AuditKeyValues: [{ Key: 'detection_id', ValueString: 'ldt:abc:123' }],
    },
  }

  it('parses a streamed audit event', () => {
    expect(parseOne('Crowdstrike.EventStreams', audit)).toMatchObject({
      metadata: { eventType: 'UserActivityAuditEvent', offset: 15412 },
      p_event_time: '2020-06-01 17:24:56.000',
      p_any_ip_addresses: ['192.0.2.14'],
      p_any_emails: ['analyst@example.com'],
    })
  })

  it('refuses an event without its body', () => {
    expect(failureOf('Crowdstrike.EventStreams', without(audit, 'event'))).toBe(
      'missing required field event',
    )
  })
})

describe('Crowdstrike.DetectionSummary', () => {
  const detection = {
    ExternalApiType: 'Event_DetectionSummaryEvent',
    EventType: 'DetectionSummaryEvent',
    UTCTimestamp: 1681390553000,
    DetectId: 'ldt:ffffffff1111ffff2222ffff3333ffff:4297692922',
    AgentIdString: 'ffffffff1111ffff2222ffff3333ffff',
    ComputerName: 'WS-042',
    UserName: 'jdoe',
    LocalIP: '10.0.4.12',
    Severity: 4,
    SeverityName: 'High',
    Tactic: 'Execution',
    Technique: 'PowerShell',
    CommandLine: 'powershell.exe -enc aGk=',
    SHA256String: '840e1f9dc5a29bebf01626822d7390251e9cf05bb3560ba7b68bdb8a41cf08e3',
    ProcessStartTime: 1681390550,
    PatternDispositionFlags: { Detect: true, KillProcess: false },
  }

  it('parses a flattened detection summary, its time from UTCTimestamp', () => {
    expect(parseOne('Crowdstrike.DetectionSummary', detection)).toMatchObject({
      Severity: 4,
      ProcessStartTime: '2023-04-13 12:55:50.000',
      p_event_time: '2023-04-13 12:55:53.000',
      p_any_ip_addresses: ['10.0.4.12'],
      p_any_usernames: ['jdoe'],
      p_any_sha256_hashes: ['840e1f9dc5a29bebf01626822d7390251e9cf05bb3560ba7b68bdb8a41cf08e3'],
    })
  })

  it('refuses a record without ExternalApiType', () => {
    expect(failureOf('Crowdstrike.DetectionSummary', without(detection, 'ExternalApiType'))).toBe(
      'missing required field ExternalApiType',
    )
  })
})
