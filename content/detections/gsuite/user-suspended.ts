import { defineRule, type GSuiteReportsEvent } from 'caracal/sdk'
import { affectedUser } from '../helpers/gsuite.js'

/** Google disabled the account for abuse or compromise (login audit event names). */
const SUSPENSIONS = new Set([
  'account_disabled_hijacked',
  'account_disabled_spamming',
  'account_disabled_spamming_through_relay',
  'account_disabled_generic',
  'account_disabled_password_leak',
])

function suspension(event: GSuiteReportsEvent): string {
  if (event.id.applicationName !== 'login') return ''
  return (event.events ?? []).find((e) => SUSPENSIONS.has(e?.name ?? ''))?.name ?? ''
}

/** Panther's GSuite.UserSuspended: Google suspended an account it believes hijacked or abusive. */
export default defineRule({
  id: 'GSuite.UserSuspended',
  name: 'Google Workspace User Suspended by Google',
  logTypes: ['GSuite.Reports'],
  severity: 'HIGH',
  description:
    'Google disabled a Workspace account because it appeared hijacked, sent spam, or its ' +
    'password leaked. Google only does this on strong evidence of compromise.',
  reference: 'https://developers.google.com/admin-sdk/reports/v1/appendix/activity/login',
  runbook:
    'Treat the account as compromised: reset the password and 2SV, revoke OAuth tokens and app ' +
    'passwords, and check the mailbox for forwarding rules, filters and delegates. Review Drive ' +
    'sharing and sent mail since the last known-good login before restoring the account.',
  tags: ['Google Workspace', 'Initial Access', 'Account Compromise'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1078.004'] },
  dedupPeriodMinutes: 360,

  rule(event) {
    return suspension(event) !== ''
  },

  title(event) {
    return `Google Workspace: ${affectedUser(event)} suspended by Google (${suspension(event)})`
  },

  dedup(event) {
    return `gsuite-suspended:${affectedUser(event)}`
  },

  alertContext(event) {
    return {
      user: affectedUser(event),
      reason: suspension(event),
      ipAddress: event.ipAddress ?? null,
    }
  },

  tests: [
    {
      name: 'Account disabled as hijacked',
      expect: true,
      event: {
        kind: 'admin#reports#activity',
        id: {
          time: '2024-10-10 10:10:10.000',
          uniqueQualifier: '998877665544332211',
          applicationName: 'login',
          customerId: 'C03az79cb',
        },
        actor: { email: 'bob@example.com', profileId: '112233445566778899001' },
        events: [
          {
            type: 'account_warning',
            name: 'account_disabled_hijacked',
            parameters: [{ name: 'affected_email_address', value: 'bob@example.com' }],
          },
        ],
        p_log_type: 'GSuite.Reports',
        p_event_time: '2024-10-10 10:10:10.000',
      },
    },
    {
      name: 'Logout',
      expect: false,
      event: {
        kind: 'admin#reports#activity',
        id: { time: '2024-10-10 11:00:00.000', applicationName: 'login' },
        actor: { email: 'bob@example.com' },
        events: [{ type: 'logout', name: 'logout' }],
        p_log_type: 'GSuite.Reports',
        p_event_time: '2024-10-10 11:00:00.000',
      },
    },
  ],
})
