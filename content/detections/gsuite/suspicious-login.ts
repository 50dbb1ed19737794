import { defineRule, type GSuiteReportsEvent } from 'caracal/sdk'
import { affectedUser } from '../helpers/gsuite.js'

/** Google's own risk signals on a login (login audit event names). */
const SUSPICIOUS = new Set([
  'suspicious_login',
  'suspicious_login_less_secure_app',
  'suspicious_programmatic_login',
  'login_blocked',
])

function suspiciousName(event: GSuiteReportsEvent): string {
  if (event.id.applicationName !== 'login') return ''
  return (event.events ?? []).find((e) => SUSPICIOUS.has(e?.name ?? ''))?.name ?? ''
}

/** Panther's GSuite.SuspiciousLogins: Google flagged or blocked a login as suspicious. */
export default defineRule({
  id: 'GSuite.SuspiciousLogin',
  name: 'Google Workspace Suspicious or Blocked Login',
  logTypes: ['GSuite.Reports'],
  severity: 'MEDIUM',
  description:
    'Google flagged a login to a Workspace account as suspicious (unusual location, device or ' +
    'client, or a programmatic login) or blocked it. These are Google’s own account-takeover ' +
    'signals.',
  reference: 'https://developers.google.com/admin-sdk/reports/v1/appendix/activity/login',
  runbook:
    'Check the affected user’s other logins around this time: did any succeed from the same ' +
    'IP? Ask the user whether they were travelling or using a new device. If not recognised: ' +
    'reset the password, revoke sessions, OAuth tokens and app passwords, and check mail ' +
    'forwarding and filters on the mailbox.',
  tags: ['Google Workspace', 'Initial Access'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1078.004'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return suspiciousName(event) !== ''
  },

  title(event) {
    return `Google Workspace: ${suspiciousName(event)} for ${affectedUser(event)}`
  },

  dedup(event) {
    return `gsuite-suspicious-login:${affectedUser(event)}`
  },

  alertContext(event) {
    return {
      user: affectedUser(event),
      eventName: suspiciousName(event),
      ipAddress: event.ipAddress ?? null,
    }
  },

  tests: [
    {
      name: 'Suspicious login flagged by Google',
      expect: true,
      event: {
        kind: 'admin#reports#activity',
        id: {
          time: '2024-09-09 03:14:15.926',
          uniqueQualifier: '-1234567890123456789',
          applicationName: 'login',
          customerId: 'C03az79cb',
        },
        actor: { email: 'bob@example.com', profileId: '112233445566778899001' },
        ipAddress: '45.142.122.9',
        events: [
          {
            type: 'account_warning',
            name: 'suspicious_login',
            parameters: [
              { name: 'affected_email_address', value: 'bob@example.com' },
              { name: 'login_timestamp', intValue: 1725851655926000 },
            ],
          },
        ],
        p_log_type: 'GSuite.Reports',
        p_event_time: '2024-09-09 03:14:15.926',
      },
    },
    {
      name: 'Ordinary successful login',
      expect: false,
      event: {
        kind: 'admin#reports#activity',
        id: { time: '2024-09-09 08:00:00.000', applicationName: 'login' },
        actor: { email: 'bob@example.com' },
        ipAddress: '198.51.100.23',
        events: [
          {
            type: 'login',
            name: 'login_success',
            parameters: [{ name: 'login_type', value: 'google_password' }],
          },
        ],
        p_log_type: 'GSuite.Reports',
        p_event_time: '2024-09-09 08:00:00.000',
      },
    },
  ],
})
