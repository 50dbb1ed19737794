import { describe, expect, it } from 'vitest'
import { failureOf, parseOne, without } from './vendor-cases.js'

/** Deception and external threat intelligence: Thinkst Canary, Tracebit, SOCRadar, Lacework. */

describe('ThinkstCanary.Alert', () => {
  // After the generic webhook payload of a Canary incident.
  const alert = {
    AdditionalDetails: [
      ['User', 'root'],
      ['Password', 'hunter2'],
    ],
    AlertType: 'CanaryIncident',
    CanaryID: '0000000000231c23',
    CanaryIP: '10.0.9.20',
    CanaryLocation: 'Server room',
    CanaryName: 'fileserver-2',
    CanaryPort: 22,
    Description: 'SSH Login Attempt',
    IncidentHash: '942a1d5c8e0b4a6e2f0d9b7c6a5e4d3c',
    IncidentKey: 'incident:sshlogin:942a1d5c',
    Intro: 'An SSH login attempt was made against fileserver-2.',
    ReverseDNS: 'kali.corp.example.com',
    SourceIP: '10.0.9.66',
    Timestamp: '2024-06-07 08:09:10 (UTC)',
  }

  it('parses an SSH login incident, its time in the console layout', () => {
    expect(parseOne('ThinkstCanary.Alert', alert)).toMatchObject({
      CanaryPort: 22,
      p_event_time: '2024-06-07 08:09:10.000',
      p_any_ip_addresses: ['10.0.9.20', '10.0.9.66'],
      p_any_domain_names: ['kali.corp.example.com'],
    })
  })

  it('refuses an alert without a description', () => {
    expect(failureOf('ThinkstCanary.Alert', without(alert, 'Description'))).toBe(
      'missing required field Description',
    )
  })
})

describe('SOCRadar.Incidents', () => {
  const incident = {
    alarm_id: 4412345,
    date: '2024-02-11 09:15:30.123456',
    status: 'OPEN',
    alarm_risk_level: 'HIGH',
    alarm_asset: 'example.com',
    alarm_text: 'A look-alike domain of example.com was registered.',
    alarm_type_details: {
      alarm_main_type: 'Brand Protection',
      alarm_sub_type: 'Potential Phishing Domain',
      alarm_generic_title: 'Impersonating Domain',
    },
    alarm_assignees: [],
    alarm_related_entities: [{ key: 'ip', value: '198.51.100.123' }],
    content: {
      domain: 'examp1e.com',
      dns_a: ['198.51.100.123'],
      registrar_email: 'abuse@registrar.test',
    },
    tags: ['phishing'],
    is_approved: true,
  }

  it('parses an impersonating-domain incident', () => {
    expect(parseOne('SOCRadar.Incidents', incident)).toMatchObject({
      alarm_id: 4412345,
      p_event_time: '2024-02-11 09:15:30.123',
      p_any_ip_addresses: ['198.51.100.123'],
      p_any_domain_names: ['example.com'],
      p_any_emails: ['abuse@registrar.test'],
    })
  })

  it('refuses an incident without its id', () => {
    expect(failureOf('SOCRadar.Incidents', without(incident, 'alarm_id'))).toBe(
      'missing required field alarm_id',
    )
  })
})

describe('Lacework.Events', () => {
  const event = {
    event_title: 'New External Client IP Connection',
    event_link: 'https://example.lacework.net/ui/investigation/recents/EventDossier-12345',
    lacework_account: 'example',
    event_source: 'Agent',
    event_description:
      'Application nginx on host web-1 accepted a connection from a new external IP.',
    event_timestamp: '24 Jun 2021 23:00 GMT',
    event_type: 'App',
    event_id: '12345',
    event_severity: '3',
    rec_id: '',
  }

  it('parses an alert channel event, its time in Lacework’s layout', () => {
    expect(parseOne('Lacework.Events', event)).toMatchObject({
      event_type: 'App',
      p_event_time: '2021-06-24 23:00:00.000',
      p_any_domain_names: ['example.lacework.net'],
    })
  })

  it('refuses an event without its id', () => {
    expect(failureOf('Lacework.Events', without(event, 'event_id'))).toBe(
      'missing required field event_id',
    )
  })
})

describe('Tracebit.Alert', () => {
  // Shaped after the fields of Panther's Tracebit.Alert schema.
  const alertLog = {
    discriminator: { type: 'tracebit_alert_log', subtype: 'canary_credential_used' },
    id: 'log-01HV3',
    alert_id: 'alert-01HV2',
    tracebit_portal_url: 'https://portal.tracebit.com/alerts/alert-01HV2',
    timestamp: '2024-07-08T09:10:11.500Z',
    provider: 'aws',
    message: 'Canary AWS credential used to call sts:GetCallerIdentity',
    severity: 'high',
    canary_credential: {
      name: 'build-server-aws',
      type: 'aws',
      issued_at: '2024-07-01T00:00:00Z',
      expires_at: '2024-08-01T00:00:00Z',
      labels: [{ name: 'host', value: 'build-7' }],
    },
  }

  it('parses a canary credential alert', () => {
    expect(parseOne('Tracebit.Alert', alertLog)).toMatchObject({
      canary_credential: { labels: [{ name: 'host', value: 'build-7' }] },
      p_event_time: '2024-07-08 09:10:11.500',
      p_any_domain_names: ['portal.tracebit.com'],
    })
  })

  it('refuses a log of another kind', () => {
    expect(failureOf('Tracebit.Alert', { ...alertLog, discriminator: { type: 'audit_log' } })).toBe(
      'field discriminator.type: "audit_log" is not an allowed value',
    )
  })
})
