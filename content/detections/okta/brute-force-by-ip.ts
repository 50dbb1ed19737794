import { defineRule } from 'caracal/sdk'

/** Panther's Okta.BruteForceLogins: many failed sign-ins from one IP address. */
export default defineRule({
  id: 'Okta.BruteForceLogins',
  name: 'Okta Brute Force Sign-In Attempts from One IP',
  logTypes: ['Okta.SystemLog'],
  severity: 'MEDIUM',
  description:
    'At least 10 failed Okta sign-ins from the same IP address within 30 minutes. Against one ' +
    'account this is password guessing; against many it is password spraying or credential ' +
    'stuffing.',
  reference: 'https://developer.okta.com/docs/reference/api/event-types/#catalog',
  runbook:
    'Look at the failed sign-ins from this IP: how many distinct users, and whether any ' +
    'user.session.start from the same IP later succeeded. Check the ASN (hosting providers, ' +
    'VPNs and Tor are common). If any attempt succeeded, treat that account as compromised: ' +
    'reset its password and factors and clear its sessions. Block the IP with a network zone ' +
    'blocklist if the traffic continues.',
  tags: ['Okta', 'Credential Access', 'Brute Force'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1110.001', 'TA0006:T1110.003'] },
  dedupPeriodMinutes: 30,
  threshold: 10,

  rule(event) {
    return (
      event.eventType === 'user.session.start' &&
      event.outcome?.result === 'FAILURE' &&
      (event.client?.ipAddress ?? '') !== ''
    )
  },

  title(event) {
    return `Okta: repeated failed sign-ins from ${event.client?.ipAddress ?? 'unknown'}`
  },

  dedup(event) {
    return `okta-brute-force:${event.client?.ipAddress ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      ipAddress: event.client?.ipAddress ?? null,
      targetedUser: event.actor?.alternateId ?? null,
      reason: event.outcome?.reason ?? null,
      asOrg: event.securityContext?.asOrg ?? null,
      isProxy: event.securityContext?.isProxy ?? null,
      country: event.client?.geographicalContext?.country ?? null,
      userAgent: event.client?.userAgent?.rawUserAgent ?? null,
    }
  },

  tests: [
    {
      name: 'Failed sign-in with a bad password',
      expect: true,
      event: {
        uuid: 'c3f50719-5a6b-11ef-a1b2-0242ac120004',
        published: '2024-08-14 03:12:44.902',
        eventType: 'user.session.start',
        version: '0',
        severity: 'WARN',
        legacyEventType: 'core.user_auth.login_failed',
        displayMessage: 'User login to Okta',
        actor: {
          id: '00u6eup97mAJZWYmP0g7',
          type: 'User',
          alternateId: 'bob@example.com',
          displayName: 'Bob Builder',
        },
        client: {
          userAgent: { rawUserAgent: 'python-requests/2.31.0', os: 'Unknown', browser: 'UNKNOWN' },
          zone: 'null',
          device: 'Unknown',
          ipAddress: '185.220.101.4',
          geographicalContext: { city: 'Frankfurt am Main', country: 'Germany' },
        },
        authenticationContext: { authenticationStep: 0, externalSessionId: 'unknown' },
        outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
        securityContext: { asNumber: 205100, asOrg: 'f3 netze e.v.', isProxy: true },
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-08-14 03:12:44.902',
      },
    },
    {
      name: 'Successful sign-in',
      expect: false,
      event: {
        uuid: 'd4061820-5a6b-11ef-a1b2-0242ac120005',
        published: '2024-08-14 09:00:02.000',
        eventType: 'user.session.start',
        actor: { id: '00u6eup97mAJZWYmP0g7', type: 'User', alternateId: 'bob@example.com' },
        client: { ipAddress: '198.51.100.23' },
        outcome: { result: 'SUCCESS' },
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-08-14 09:00:02.000',
      },
    },
  ],
})
