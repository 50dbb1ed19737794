import { defineRule, type DuoAuthenticationEvent } from 'caracal/sdk'

function user(event: DuoAuthenticationEvent): string {
  return event.user?.name ?? event.email ?? 'unknown'
}

/** Repeated pushes the user did not answer or denied: the MFA-fatigue pattern. */
const PUSH_DENIALS = new Set([
  'user_denied',
  'no_response',
  'denied_anomalous_push',
  'user_cancelled',
])

/** A burst of denied or ignored Duo pushes to one user (Panther's Duo.User.Denied.AnomalousPush, widened). */
export default defineRule({
  id: 'Duo.User.PushFatigue',
  name: 'Duo Push Fatigue: Repeated Denied or Unanswered Pushes',
  logTypes: ['Duo.Authentication'],
  severity: 'MEDIUM',
  description:
    'At least 3 Duo pushes to the same user were denied, timed out or blocked as anomalous ' +
    'within 15 minutes. Someone with the user’s password is bombarding them with prompts, ' +
    'hoping one gets approved (Uber 2022, Cisco 2022).',
  reference: 'https://duo.com/docs/adminapi#authentication-logs',
  runbook:
    'Call the user: did they try to sign in? If not, their password is compromised: reset it, ' +
    'and check whether any push from the same access device IP was approved. Enable Duo’s ' +
    'Verified Push (number matching) to defeat fatigue attacks.',
  tags: ['Duo', 'Credential Access', 'MFA Fatigue'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1621'] },
  dedupPeriodMinutes: 15,
  threshold: 3,

  rule(event) {
    return (
      event.factor === 'duo_push' &&
      event.result !== 'success' &&
      PUSH_DENIALS.has(event.reason ?? '')
    )
  },

  // Duo itself judged the push anomalous.
  dynamicSeverity(event) {
    return event.reason === 'denied_anomalous_push' ? 'HIGH' : 'DEFAULT'
  },

  title(event) {
    return `Duo: repeated denied or unanswered pushes to ${user(event)}`
  },

  dedup(event) {
    return `duo-push-fatigue:${user(event)}`
  },

  alertContext(event) {
    return {
      user: user(event),
      reason: event.reason ?? null,
      application: event.application?.name ?? null,
      accessDeviceIp: event.access_device?.ip ?? null,
      accessDeviceLocation: event.access_device?.location ?? null,
      txid: event.txid,
    }
  },

  tests: [
    {
      name: 'Push denied as anomalous',
      expect: true,
      event: {
        txid: '560a23e3-23f3-4b7a-a2d8-9c2b41e7a6f3',
        timestamp: '2024-07-07 02:01:00.000',
        isotimestamp: '2024-07-07 02:01:00.000',
        event_type: 'authentication',
        result: 'denied',
        reason: 'denied_anomalous_push',
        factor: 'duo_push',
        email: 'bob@example.com',
        user: { key: 'DU3KC77WJ06Y5HIV7XKQ', name: 'bob', groups: ['Duo Users'] },
        application: { key: 'DIY231J8BR23QK4UKBY8', name: 'Cisco AnyConnect VPN' },
        access_device: {
          ip: '45.142.122.9',
          os: 'Windows',
          location: { city: 'Amsterdam', state: 'North Holland', country: 'Netherlands' },
        },
        auth_device: { name: 'iPhone 15 (+1 555-0100)' },
        p_log_type: 'Duo.Authentication',
        p_event_time: '2024-07-07 02:01:00.000',
      },
    },
    {
      name: 'Denied because of a locked-out user (not a push)',
      expect: false,
      event: {
        txid: '670a23e3-23f3-4b7a-a2d8-9c2b41e7a6f4',
        timestamp: '2024-07-07 02:05:00.000',
        event_type: 'authentication',
        result: 'denied',
        reason: 'locked_out',
        factor: 'not_available',
        user: { name: 'bob' },
        application: { name: 'Cisco AnyConnect VPN' },
        access_device: { ip: '45.142.122.9' },
        p_log_type: 'Duo.Authentication',
        p_event_time: '2024-07-07 02:05:00.000',
      },
    },
  ],
})
