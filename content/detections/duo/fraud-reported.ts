import { defineRule, type DuoAuthenticationEvent } from 'caracal/sdk'

function user(event: DuoAuthenticationEvent): string {
  return event.user?.name ?? event.email ?? 'unknown'
}

/** Panther's Duo.User.Action.Fraudulent: a user marked a Duo push as fraudulent. */
export default defineRule({
  id: 'Duo.User.FraudReported',
  name: 'Duo Authentication Reported as Fraud',
  logTypes: ['Duo.Authentication'],
  severity: 'HIGH',
  description:
    'A user denied a Duo authentication request and reported it as fraudulent. The user did ' +
    'not start this sign-in: someone else holds their primary credential and is trying to get ' +
    'past MFA (often with repeated pushes, “MFA fatigue”).',
  reference: 'https://duo.com/docs/adminapi#authentication-logs',
  runbook:
    'Treat the user’s password as compromised: reset it, and check the access device IP, ' +
    'location and application of the attempt. Look for other pushes to the same user and for ' +
    'successful authentications from the same IP. Duo may have locked the user out; unlock ' +
    'them only after the password reset.',
  tags: ['Duo', 'Credential Access', 'MFA Fatigue'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1621', 'TA0001:T1078'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.result === 'fraud'
  },

  title(event) {
    return (
      `Duo: ${user(event)} reported a push for ${event.application?.name ?? 'unknown app'} ` +
      `from ${event.access_device?.ip ?? 'unknown IP'} as fraud`
    )
  },

  dedup(event) {
    return `duo-fraud:${user(event)}`
  },

  alertContext(event) {
    return {
      user: user(event),
      application: event.application?.name ?? null,
      accessDeviceIp: event.access_device?.ip ?? null,
      accessDeviceLocation: event.access_device?.location ?? null,
      factor: event.factor ?? null,
      reason: event.reason ?? null,
      txid: event.txid,
    }
  },

  tests: [
    {
      name: 'Push reported as fraud',
      expect: true,
      event: {
        txid: '340a23e3-23f3-4b7a-a2d8-9c2b41e7a6f1',
        timestamp: '2024-05-02 09:14:03.000',
        isotimestamp: '2024-05-02 09:14:03.000',
        event_type: 'authentication',
        result: 'fraud',
        reason: 'user_marked_fraud',
        factor: 'duo_push',
        email: 'bob@example.com',
        user: { key: 'DU3KC77WJ06Y5HIV7XKQ', name: 'bob', groups: ['Duo Users', 'Engineering'] },
        application: { key: 'DIY231J8BR23QK4UKBY8', name: 'Okta SSO' },
        access_device: {
          ip: '185.220.101.4',
          browser: 'Chrome',
          browser_version: '124.0.6367.91',
          os: 'Windows',
          os_version: '10',
          location: { city: 'Frankfurt am Main', state: 'Hesse', country: 'Germany' },
        },
        auth_device: {
          ip: '198.51.100.61',
          name: 'iPhone 15 (+1 555-0100)',
          location: { city: 'Austin', state: 'Texas', country: 'United States' },
        },
        p_log_type: 'Duo.Authentication',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: 'Push approved',
      expect: false,
      event: {
        txid: '450a23e3-23f3-4b7a-a2d8-9c2b41e7a6f2',
        timestamp: '2024-05-02 09:20:00.000',
        event_type: 'authentication',
        result: 'success',
        reason: 'user_approved',
        factor: 'duo_push',
        user: { name: 'bob' },
        application: { name: 'Okta SSO' },
        access_device: { ip: '198.51.100.23' },
        p_log_type: 'Duo.Authentication',
        p_event_time: '2024-05-02 09:20:00.000',
      },
    },
  ],
})
