import { defineRule, type OktaSystemLogEvent } from 'caracal/sdk'

function debugString(event: OktaSystemLogEvent, key: string): string {
  const data = event.debugContext?.debugData
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return ''
  const value = data[key]
  return typeof value === 'string' ? value : ''
}

/** Okta's own ThreatInsight flagged a request (Panther's Okta.ThreatInsight.Security.Threat.Detected). */
export default defineRule({
  id: 'Okta.ThreatInsightThreatDetected',
  name: 'Okta ThreatInsight Threat Detected',
  logTypes: ['Okta.SystemLog'],
  severity: 'MEDIUM',
  description:
    'Okta ThreatInsight flagged a request as coming from a malicious IP (credential stuffing, ' +
    'password spraying, known-bad infrastructure), either as a security.threat.detected event ' +
    'or as threatSuspected on a sign-in.',
  reference:
    'https://help.okta.com/en-us/content/topics/security/threat-insight/about-threatinsight.htm',
  runbook:
    'Check the threat type in debugData and which users the IP targeted. Look for successful ' +
    'sign-ins from the same IP; treat those accounts as compromised. Make sure ThreatInsight is ' +
    'set to "Log and block" rather than "Log only", and add persistent offenders to a blocklist ' +
    'network zone.',
  tags: ['Okta', 'Credential Access'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1110'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventType === 'security.threat.detected' ||
      debugString(event, 'threatSuspected') === 'true'
    )
  },

  title(event) {
    return `Okta ThreatInsight: suspected threat from ${event.client?.ipAddress ?? 'unknown'}`
  },

  dedup(event) {
    return `okta-threat:${event.client?.ipAddress ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      ipAddress: event.client?.ipAddress ?? null,
      actor: event.actor?.alternateId ?? null,
      eventType: event.eventType,
      threatDetections: debugString(event, 'threatDetections') || null,
      outcome: event.outcome?.result ?? null,
      country: event.client?.geographicalContext?.country ?? null,
    }
  },

  tests: [
    {
      name: 'Password spray detected by ThreatInsight',
      expect: true,
      event: {
        uuid: '4b7cf809-9eaf-11ef-e5f6-0242ac12000c',
        published: '2024-12-01 01:02:03.456',
        eventType: 'security.threat.detected',
        version: '0',
        severity: 'WARN',
        displayMessage: 'Request from suspicious actor',
        actor: { id: 'unknown', type: 'User', alternateId: 'unknown' },
        client: {
          ipAddress: '185.220.101.4',
          geographicalContext: { country: 'Germany' },
        },
        outcome: { result: 'DENY', reason: 'Password Spray' },
        debugContext: {
          debugData: {
            threatDetections: '{"Password Spray":"HIGH"}',
            requestUri: '/api/v1/authn',
          },
        },
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-12-01 01:02:03.456',
      },
    },
    {
      name: 'Sign-in flagged threatSuspected',
      expect: true,
      event: {
        uuid: '5c8d091a-9eaf-11ef-e5f6-0242ac12000d',
        published: '2024-12-01 01:02:09.000',
        eventType: 'user.session.start',
        actor: { id: '00u6eup97mAJZWYmP0g7', type: 'User', alternateId: 'bob@example.com' },
        client: { ipAddress: '185.220.101.4' },
        outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
        debugContext: { debugData: { threatSuspected: 'true', requestUri: '/idp/idx/identify' } },
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-12-01 01:02:09.000',
      },
    },
    {
      name: 'Normal sign-in with threatSuspected false',
      expect: false,
      event: {
        uuid: '6d9e1a2b-9eaf-11ef-e5f6-0242ac12000e',
        published: '2024-12-01 08:00:00.000',
        eventType: 'user.session.start',
        actor: { id: '00u6eup97mAJZWYmP0g7', type: 'User', alternateId: 'bob@example.com' },
        client: { ipAddress: '198.51.100.23' },
        outcome: { result: 'SUCCESS' },
        debugContext: { debugData: { threatSuspected: 'false' } },
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-12-01 08:00:00.000',
      },
    },
  ],
})
