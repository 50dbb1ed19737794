import { defineRule } from 'caracal/sdk'

/** Panther's GSuite.TwoStepVerification: a user turned off 2-Step Verification. */
export default defineRule({
  id: 'GSuite.TwoStepVerificationDisabled',
  name: 'Google Workspace 2-Step Verification Disabled',
  logTypes: ['GSuite.Reports'],
  severity: 'MEDIUM',
  description:
    'A user disabled 2-Step Verification on their Google account. Attackers who hijack a ' +
    'session turn it off (or re-enrol) so the stolen password alone keeps working.',
  reference: 'https://support.google.com/a/answer/9176657',
  runbook:
    'Contact the user out of band to confirm. Check the login report for the same user around ' +
    'the time (new IPs, suspicious_login). If unexpected: reset the password, revoke sessions ' +
    'and app passwords, and enforce 2SV for the user’s OU so it cannot be turned off.',
  tags: ['Google Workspace', 'Defense Evasion', 'Identity & Access Management'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1556.006'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.id.applicationName === 'user_accounts' &&
      (event.events ?? []).some((e) => e?.name === '2sv_disable')
    )
  },

  title(event) {
    return `Google Workspace: 2-Step Verification disabled by ${event.actor?.email ?? 'unknown'}`
  },

  dedup(event) {
    return `gsuite-2sv-disabled:${event.actor?.email ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      user: event.actor?.email ?? null,
      ipAddress: event.ipAddress ?? null,
      customerId: event.id.customerId ?? null,
    }
  },

  tests: [
    {
      name: 'User disables 2SV',
      expect: true,
      event: {
        kind: 'admin#reports#activity',
        id: {
          time: '2024-08-02 21:47:05.000',
          uniqueQualifier: '4455667788990011223',
          applicationName: 'user_accounts',
          customerId: 'C03az79cb',
        },
        actor: { email: 'bob@example.com', profileId: '112233445566778899001' },
        ipAddress: '203.0.113.99',
        events: [{ type: '2sv_change', name: '2sv_disable' }],
        p_log_type: 'GSuite.Reports',
        p_event_time: '2024-08-02 21:47:05.000',
      },
    },
    {
      name: 'User enrols in 2SV',
      expect: false,
      event: {
        kind: 'admin#reports#activity',
        id: { time: '2024-08-02 21:50:00.000', applicationName: 'user_accounts' },
        actor: { email: 'bob@example.com' },
        events: [{ type: '2sv_change', name: '2sv_enroll' }],
        p_log_type: 'GSuite.Reports',
        p_event_time: '2024-08-02 21:50:00.000',
      },
    },
  ],
})
