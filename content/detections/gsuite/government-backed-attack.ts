import { defineRule } from 'caracal/sdk'
import { affectedUser } from '../helpers/gsuite.js'

/** Panther's GSuite.GovernmentBackedAttack: Google warned of a state-sponsored attack. */
export default defineRule({
  id: 'GSuite.GovernmentBackedAttack',
  name: 'Google Workspace Government-Backed Attack Warning',
  logTypes: ['GSuite.Reports'],
  severity: 'CRITICAL',
  description:
    'Google believes government-backed attackers tried to compromise this user’s account or ' +
    'computer, usually with targeted phishing. The warning is rare and based on Google’s own ' +
    'threat intelligence.',
  reference: 'https://support.google.com/a/answer/9007870',
  runbook:
    'Contact the user and the security lead at once. Enrol the user in the Advanced Protection ' +
    'Program, require security keys, review recent logins, OAuth grants, mail filters and ' +
    'forwarding, and look for the phishing mail in Gmail logs across the organization.',
  tags: ['Google Workspace', 'Initial Access', 'Phishing'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1566', 'TA0001:T1078.004'] },
  dedupPeriodMinutes: 1440,

  rule(event) {
    return (
      event.id.applicationName === 'login' &&
      (event.events ?? []).some((e) => e?.name === 'gov_attack_warning')
    )
  },

  title(event) {
    return `Google Workspace: government-backed attack warning for ${affectedUser(event)}`
  },

  dedup(event) {
    return `gsuite-gov-attack:${affectedUser(event)}`
  },

  alertContext(event) {
    return { user: affectedUser(event), ipAddress: event.ipAddress ?? null }
  },

  tests: [
    {
      name: 'Government-backed attack warning',
      expect: true,
      event: {
        kind: 'admin#reports#activity',
        id: {
          time: '2024-12-12 12:12:12.000',
          uniqueQualifier: '2233445566778899001',
          applicationName: 'login',
          customerId: 'C03az79cb',
        },
        actor: { email: 'cfo@example.com', profileId: '998877665544332211001' },
        events: [
          {
            type: 'attack_warning',
            name: 'gov_attack_warning',
            parameters: [{ name: 'affected_email_address', value: 'cfo@example.com' }],
          },
        ],
        p_log_type: 'GSuite.Reports',
        p_event_time: '2024-12-12 12:12:12.000',
      },
    },
    {
      name: 'Login failure',
      expect: false,
      event: {
        kind: 'admin#reports#activity',
        id: { time: '2024-12-12 12:20:00.000', applicationName: 'login' },
        actor: { email: 'cfo@example.com' },
        events: [
          {
            type: 'login',
            name: 'login_failure',
            parameters: [{ name: 'login_type', value: 'google_password' }],
          },
        ],
        p_log_type: 'GSuite.Reports',
        p_event_time: '2024-12-12 12:20:00.000',
      },
    },
  ],
})
