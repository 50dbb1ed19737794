import { defineRule } from 'caracal/sdk'

/** OneLogin event types 24 ("user removed OTP device") and 172 ("admin removed factor"). */
const FACTOR_REMOVED = new Set([24, 172])

/** Panther's OneLogin.AuthFactorRemoved: an MFA factor was taken off a user. */
export default defineRule({
  id: 'OneLogin.AuthFactorRemoved',
  name: 'OneLogin Authentication Factor Removed',
  logTypes: ['OneLogin.Events'],
  severity: 'LOW',
  description:
    'An MFA factor (OTP device, OneLogin Protect, security key) was removed from a OneLogin ' +
    'user. Removing the victim’s factor and enrolling one of their own is how attackers keep ' +
    'access after phishing a password.',
  reference: 'https://developers.onelogin.com/api-docs/1/events/event-types',
  runbook:
    'Confirm with the user that they removed or replaced the device. If not, suspend the user, ' +
    'reset their factors, and check for a new factor enrolled shortly after from another IP.',
  tags: ['OneLogin', 'Persistence', 'MFA'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1556.006'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return FACTOR_REMOVED.has(event.event_type_id)
  },

  title(event) {
    return (
      `OneLogin: authentication factor [${event.otp_device_name ?? 'unknown'}] removed from ` +
      `${event.user_name ?? 'unknown'} by ${event.actor_user_name ?? 'unknown'}`
    )
  },

  dedup(event) {
    return `onelogin-factor-removed:${String(event.user_id)}`
  },

  alertContext(event) {
    return {
      user: event.user_name ?? null,
      actor: event.actor_user_name ?? null,
      device: event.otp_device_name ?? null,
      ipAddress: event.ipaddr ?? null,
      eventTypeId: event.event_type_id,
    }
  },

  tests: [
    {
      name: 'User removes their OTP device',
      expect: true,
      event: {
        id: 323456789,
        created_at: '2024-05-02 09:14:03.000',
        event_type_id: 24,
        account_id: 98765,
        ipaddr: '203.0.113.66',
        user_id: 44444444,
        user_name: 'Bob Builder',
        actor_user_id: 44444444,
        actor_user_name: 'Bob Builder',
        otp_device_id: 555,
        otp_device_name: 'OneLogin Protect',
        p_log_type: 'OneLogin.Events',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: 'Factor registered',
      expect: false,
      event: {
        id: 323456790,
        created_at: '2024-05-02 09:20:00.000',
        event_type_id: 23,
        ipaddr: '203.0.113.66',
        user_id: 44444444,
        user_name: 'Bob Builder',
        otp_device_name: 'Google Authenticator',
        p_log_type: 'OneLogin.Events',
        p_event_time: '2024-05-02 09:20:00.000',
      },
    },
  ],
})
