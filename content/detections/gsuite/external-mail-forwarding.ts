import { defineRule, type GSuiteReportsEvent } from 'caracal/sdk'
import { type GSuiteActivity } from '../helpers/gsuite.js'

function forwarding(event: GSuiteReportsEvent): GSuiteActivity | undefined {
  if (event.id.applicationName !== 'user_accounts') return undefined
  return (event.events ?? []).find(
    (e): e is GSuiteActivity => e?.name === 'email_forwarding_out_of_domain',
  )
}

function destination(event: GSuiteReportsEvent): string {
  const param = forwarding(event)?.parameters?.find(
    (p) => p?.name === 'email_forwarding_destination_address',
  )
  return param?.value ?? 'unknown'
}

/** Panther's GSuite.ExternalMailForwarding: Gmail forwarding to another domain was turned on. */
export default defineRule({
  id: 'GSuite.ExternalMailForwarding',
  name: 'Gmail Forwarding to an External Address',
  logTypes: ['GSuite.Reports'],
  severity: 'HIGH',
  description:
    'A user set up automatic Gmail forwarding to an address outside the domain. Attackers who ' +
    'take over a mailbox forward it to keep reading mail (password resets, invoices) after ' +
    'they lose the session.',
  reference: 'https://support.google.com/a/answer/2491924',
  runbook:
    'Confirm with the user, out of band, that they set up the forwarding and to which address. ' +
    'If not: remove the forwarding and any filters, reset the password, revoke sessions and ' +
    'OAuth tokens, and check the login report for the IP that made the change. Consider ' +
    'disabling automatic external forwarding for the OU.',
  tags: ['Google Workspace', 'Collection', 'Exfiltration'],
  reports: { 'MITRE ATT&CK': ['TA0009:T1114.003'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return forwarding(event) !== undefined
  },

  title(event) {
    return `Gmail: ${event.actor?.email ?? 'unknown'} forwards mail to ${destination(event)}`
  },

  dedup(event) {
    return `gsuite-forwarding:${event.actor?.email ?? 'unknown'}:${destination(event)}`
  },

  alertContext(event) {
    return {
      user: event.actor?.email ?? null,
      destination: destination(event),
      ipAddress: event.ipAddress ?? null,
    }
  },

  tests: [
    {
      name: 'Forwarding to a personal address',
      expect: true,
      event: {
        kind: 'admin#reports#activity',
        id: {
          time: '2024-11-11 11:11:11.000',
          uniqueQualifier: '1122334455667788990',
          applicationName: 'user_accounts',
          customerId: 'C03az79cb',
        },
        actor: { email: 'bob@example.com', profileId: '112233445566778899001' },
        ipAddress: '45.142.122.9',
        events: [
          {
            type: 'email_forwarding_change',
            name: 'email_forwarding_out_of_domain',
            parameters: [
              { name: 'email_forwarding_destination_address', value: 'bob.archive@protonmail.com' },
            ],
          },
        ],
        p_log_type: 'GSuite.Reports',
        p_event_time: '2024-11-11 11:11:11.000',
      },
    },
    {
      name: 'Password change',
      expect: false,
      event: {
        kind: 'admin#reports#activity',
        id: { time: '2024-11-11 11:20:00.000', applicationName: 'user_accounts' },
        actor: { email: 'bob@example.com' },
        events: [{ type: 'password_change', name: 'password_edit' }],
        p_log_type: 'GSuite.Reports',
        p_event_time: '2024-11-11 11:20:00.000',
      },
    },
  ],
})
