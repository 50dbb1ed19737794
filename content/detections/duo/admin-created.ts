import { defineRule } from 'caracal/sdk'
import { adminDescription } from '../helpers/duo.js'

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

/** Panther's Duo.Admin.Create.Admin: a new Duo administrator account was created. */
export default defineRule({
  id: 'Duo.Admin.AdminCreated',
  name: 'Duo Administrator Created',
  logTypes: ['Duo.Administrator'],
  severity: 'MEDIUM',
  description:
    'A new administrator was added to the Duo Admin Panel. Duo admins can create bypass codes, ' +
    'change policies and enrol devices for any user: an extra admin is a quiet way to keep ' +
    'the power to defeat MFA.',
  reference: 'https://duo.com/docs/admin-roles',
  runbook:
    'Confirm the new admin and their role with the creator and the Duo owners. Check the role: ' +
    'Owner and Administrator can do almost anything. If unexpected: delete the admin, review ' +
    'every admin log entry by both accounts, and rotate Admin API keys if the creator may be ' +
    'compromised.',
  tags: ['Duo', 'Persistence', 'Privilege Escalation'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1136.003', 'TA0004:T1098.003'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.action === 'admin_create'
  },

  dynamicSeverity(event) {
    return text(adminDescription(event).role) === 'Owner' ? 'HIGH' : 'DEFAULT'
  },

  title(event) {
    const details = adminDescription(event)
    return (
      `Duo: admin ${text(details.email) ?? event.object ?? 'unknown'} ` +
      `(${text(details.role) ?? 'unknown role'}) created by ${event.username ?? 'unknown'}`
    )
  },

  dedup(event) {
    return `duo-admin-created:${text(adminDescription(event).email) ?? event.object ?? 'unknown'}`
  },

  alertContext(event) {
    const details = adminDescription(event)
    return {
      creator: event.username ?? null,
      newAdmin: event.object ?? null,
      email: text(details.email),
      role: text(details.role),
      host: event.host ?? null,
    }
  },

  tests: [
    {
      name: 'Owner admin created',
      expect: true,
      event: {
        timestamp: '2024-04-04 04:04:04.000',
        isotimestamp: '2024-04-04 04:04:04.000',
        action: 'admin_create',
        username: 'Ada Admin',
        object: 'New Admin',
        description:
          '{"name": "New Admin", "email": "newadmin@example.com", "phone": "+15550100", "role": "Owner", "status": "Pending Activation"}',
        host: 'api-1234abcd.duosecurity.com',
        p_log_type: 'Duo.Administrator',
        p_event_time: '2024-04-04 04:04:04.000',
      },
    },
    {
      name: 'Admin deleted',
      expect: false,
      event: {
        timestamp: '2024-04-04 05:00:00.000',
        action: 'admin_delete',
        username: 'Ada Admin',
        object: 'Old Admin',
        description: '{"name": "Old Admin", "email": "oldadmin@example.com"}',
        host: 'api-1234abcd.duosecurity.com',
        p_log_type: 'Duo.Administrator',
        p_event_time: '2024-04-04 05:00:00.000',
      },
    },
  ],
})
