import { defineRule, type DuoAuthenticationEvent } from 'caracal/sdk'

function user(event: DuoAuthenticationEvent): string {
  return event.user?.name ?? event.email ?? 'unknown'
}

/** Duo's denial reasons for an endpoint that failed the trusted-endpoint or device check. */
const ENDPOINT_FAILURES = new Set([
  'endpoint_is_not_in_management_system',
  'endpoint_failed_google_verification',
  'endpoint_is_not_trusted',
  'could_not_determine_if_endpoint_was_trusted',
  'invalid_device',
])

/** Panther's Duo.User.Endpoint.Failure: a sign-in came from a device Duo does not trust. */
export default defineRule({
  id: 'Duo.User.EndpointFailure',
  name: 'Duo Sign-In Denied From an Untrusted Endpoint',
  logTypes: ['Duo.Authentication'],
  severity: 'MEDIUM',
  description:
    'Duo denied a sign-in because the device was not a trusted, managed endpoint. With the ' +
    'right password and MFA, the attempt still came from an unknown machine: a stolen session ' +
    'or credentials used from an attacker’s host.',
  reference: 'https://duo.com/docs/adminapi#authentication-logs',
  runbook:
    'Ask the user whether they used a personal device. If not, treat the password as ' +
    'compromised: reset it, check for approved attempts from the same IP, and look for the ' +
    'device hostname in your asset inventory.',
  tags: ['Duo', 'Initial Access', 'Device Trust'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1078'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.result !== 'success' && ENDPOINT_FAILURES.has(event.reason ?? '')
  },

  title(event) {
    return (
      `Duo: ${user(event)} denied from untrusted endpoint ` +
      `${event.access_device?.hostname ?? event.access_device?.ip ?? 'unknown'} (${event.reason ?? ''})`
    )
  },

  dedup(event) {
    return `duo-endpoint:${user(event)}:${event.access_device?.ip ?? ''}`
  },

  alertContext(event) {
    return {
      user: user(event),
      reason: event.reason ?? null,
      application: event.application?.name ?? null,
      ipAddress: event.access_device?.ip ?? null,
      hostname: event.access_device?.hostname ?? null,
      os: event.access_device?.os ?? null,
      trustedEndpointStatus: event.trusted_endpoint_status ?? null,
    }
  },

  tests: [
    {
      name: 'Unmanaged laptop denied',
      expect: true,
      event: {
        txid: '562c45a5-45b5-4ca0-d7a2-2d3e8a7f1b33',
        timestamp: '2024-05-02 09:14:03',
        event_type: 'authentication',
        result: 'denied',
        reason: 'endpoint_is_not_in_management_system',
        factor: 'duo_push',
        email: 'bob@example.com',
        user: { key: 'DU3KC77WJ06Y5HIV7XKQ', name: 'bob' },
        application: { key: 'DIY231J8BR23QK4UKBY8', name: 'AWS SSO' },
        access_device: {
          ip: '203.0.113.66',
          hostname: 'DESKTOP-8F3K2L1',
          os: 'Windows',
          os_version: '10',
        },
        trusted_endpoint_status: 'not trusted',
        p_log_type: 'Duo.Authentication',
        p_event_time: '2024-05-02 09:14:03',
      },
    },
    {
      name: 'Wrong passcode',
      expect: false,
      event: {
        txid: '673d56b6-56c6-4db1-e8b3-3e4f9b8a2c44',
        timestamp: '2024-05-02 09:10:00',
        event_type: 'authentication',
        result: 'failure',
        reason: 'invalid_passcode',
        factor: 'passcode',
        user: { name: 'bob' },
        access_device: { ip: '198.51.100.40' },
        p_log_type: 'Duo.Authentication',
        p_event_time: '2024-05-02 09:10:00',
      },
    },
  ],
})
