import { defineRule, type GSuiteReportsEvent } from 'caracal/sdk'
import { type GSuiteActivity, param } from '../helpers/gsuite.js'

/** The ASSIGN_ROLE activities of a report record (one record may hold several). */
function roleAssignments(event: GSuiteReportsEvent): GSuiteActivity[] {
  if (event.id.applicationName !== 'admin') return []
  return (event.events ?? []).filter((e): e is GSuiteActivity => e?.name === 'ASSIGN_ROLE')
}

/** Panther's GSuite.Admin.Role.Assigned-style rule: an admin role was assigned to a user. */
export default defineRule({
  id: 'GSuite.AdminRoleAssigned',
  name: 'Google Workspace Admin Role Assigned',
  logTypes: ['GSuite.Reports'],
  severity: 'MEDIUM',
  description:
    'A Google Workspace administrator role was assigned to a user. Admin roles reach every ' +
    'mailbox, Drive and device in the domain; Super Admin can also change SSO and 2SV ' +
    'settings for everyone.',
  reference: 'https://support.google.com/a/answer/9832145',
  runbook:
    'Confirm the assignment with the actor and a change ticket. Check the grantee’s recent ' +
    'logins and the actor’s for anomalies. If unexpected: remove the role (Admin console > ' +
    'Account > Admin roles), sign the grantee out of all sessions, and review admin audit ' +
    'events made with the role.',
  tags: ['Google Workspace', 'Privilege Escalation'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1098.003'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return roleAssignments(event).length > 0
  },

  dynamicSeverity(event) {
    const role = param(roleAssignments(event)[0], 'ROLE_NAME')
    return /super admin/i.test(role) || role === '_SEED_ADMIN_ROLE' ? 'HIGH' : 'DEFAULT'
  },

  title(event) {
    const activity = roleAssignments(event)[0]
    return (
      `Google Workspace: ${event.actor?.email ?? 'unknown'} assigned ` +
      `[${param(activity, 'ROLE_NAME')}] to ${param(activity, 'USER_EMAIL')}`
    )
  },

  dedup(event) {
    return `gsuite-admin-role:${param(roleAssignments(event)[0], 'USER_EMAIL')}`
  },

  alertContext(event) {
    const activity = roleAssignments(event)[0]
    return {
      actor: event.actor?.email ?? null,
      grantee: param(activity, 'USER_EMAIL'),
      role: param(activity, 'ROLE_NAME'),
      ipAddress: event.ipAddress ?? null,
    }
  },

  tests: [
    {
      name: 'Super Admin role assigned',
      expect: true,
      event: {
        kind: 'admin#reports#activity',
        id: {
          time: '2024-05-14 10:22:31.417',
          uniqueQualifier: '-7312296446201187386',
          applicationName: 'admin',
          customerId: 'C03az79cb',
        },
        actor: {
          callerType: 'USER',
          email: 'it-admin@example.com',
          profileId: '105250506097979753968',
        },
        ownerDomain: 'example.com',
        ipAddress: '198.51.100.23',
        events: [
          {
            type: 'DELEGATED_ADMIN_SETTINGS',
            name: 'ASSIGN_ROLE',
            parameters: [
              { name: 'ROLE_ID', value: '43019004716023809' },
              { name: 'ROLE_NAME', value: '_SEED_ADMIN_ROLE' },
              { name: 'USER_EMAIL', value: 'contractor@example.com' },
            ],
          },
        ],
        p_log_type: 'GSuite.Reports',
        p_event_time: '2024-05-14 10:22:31.417',
      },
    },
    {
      name: 'User created (other admin event)',
      expect: false,
      event: {
        kind: 'admin#reports#activity',
        id: { time: '2024-05-14 10:30:00.000', applicationName: 'admin', customerId: 'C03az79cb' },
        actor: { callerType: 'USER', email: 'it-admin@example.com' },
        events: [
          {
            type: 'USER_SETTINGS',
            name: 'CREATE_USER',
            parameters: [{ name: 'USER_EMAIL', value: 'newhire@example.com' }],
          },
        ],
        p_log_type: 'GSuite.Reports',
        p_event_time: '2024-05-14 10:30:00.000',
      },
    },
  ],
})
