import { defineRule, type DuoAuthenticationEvent } from 'caracal/sdk'

function user(event: DuoAuthenticationEvent): string {
  return event.user?.name ?? event.email ?? 'unknown'
}

/** Panther's Duo.User.Bypass.Code.Used: a sign-in passed Duo with a bypass code. */
export default defineRule({
  id: 'Duo.User.BypassCodeUsed',
  name: 'Duo Bypass Code Used',
  logTypes: ['Duo.Authentication'],
  severity: 'LOW',
  description:
    'A user authenticated with a Duo bypass code instead of their device. Bypass codes are ' +
    'meant for lost phones; one handed out to a social engineer turns MFA off for that user.',
  reference: 'https://duo.com/docs/administration-users#generating-a-bypass-code',
  runbook:
    'Find who generated the code (Duo administrator log, bypass_create) and whether the user ' +
    'asked for it. Check the access device IP and location against the user’s usual ones. If ' +
    'unexpected: revoke remaining codes, reset the password, and review the session.',
  tags: ['Duo', 'Defense Evasion', 'MFA'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1556.006'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.reason === 'bypass_user' && event.result === 'success'
  },

  title(event) {
    return `Duo: bypass code used by ${user(event)} for ${event.application?.name ?? 'unknown app'}`
  },

  dedup(event) {
    return `duo-bypass-used:${user(event)}`
  },

  alertContext(event) {
    return {
      user: user(event),
      application: event.application?.name ?? null,
      ipAddress: event.access_device?.ip ?? null,
      country: event.access_device?.location?.country ?? null,
      factor: event.factor ?? null,
    }
  },

  tests: [
    {
      name: 'Bypass code accepted',
      expect: true,
      event: {
        txid: '340a23e3-23f3-4a8e-b5e0-0b1c6e5d9f11',
        timestamp: '2024-05-02 09:14:03',
        isotimestamp: '2024-05-02 09:14:03',
        event_type: 'authentication',
        result: 'success',
        reason: 'bypass_user',
        factor: 'bypass_code',
        email: 'bob@example.com',
        user: { key: 'DU3KC77WJ06Y5HIV7XKQ', name: 'bob', groups: ['Engineering'] },
        application: { key: 'DIY231J8BR23QK4UKBY8', name: 'Okta SSO' },
        access_device: {
          ip: '203.0.113.66',
          location: { city: 'Lagos', state: 'Lagos', country: 'Nigeria' },
          browser: 'Chrome',
          os: 'Windows',
        },
        p_log_type: 'Duo.Authentication',
        p_event_time: '2024-05-02 09:14:03',
      },
    },
    {
      name: 'Push approved',
      expect: false,
      event: {
        txid: '451b34f4-34a4-4b9f-c6f1-1c2d7f6e0a22',
        timestamp: '2024-05-02 09:10:00',
        event_type: 'authentication',
        result: 'success',
        reason: 'user_approved',
        factor: 'duo_push',
        user: { name: 'bob' },
        application: { name: 'Okta SSO' },
        access_device: { ip: '198.51.100.40' },
        p_log_type: 'Duo.Authentication',
        p_event_time: '2024-05-02 09:10:00',
      },
    },
  ],
})
