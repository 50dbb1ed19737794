import { defineRule, type SlackAuditLogsEvent } from 'caracal/sdk'

const PROMOTIONS = new Set(['role_change_to_admin', 'role_change_to_owner'])

function target(event: SlackAuditLogsEvent): string {
  return event.entity?.user?.email ?? event.entity?.user?.name ?? 'unknown'
}

/** Panther's Slack.AuditLogs.UserPrivilegeEscalation: a user became a workspace admin or owner. */
export default defineRule({
  id: 'Slack.AuditLogs.UserPrivilegeEscalation',
  name: 'Slack User Made Admin or Owner',
  logTypes: ['Slack.AuditLogs'],
  severity: 'MEDIUM',
  description:
    'A Slack user was promoted to workspace admin or owner. Admins manage members, channels ' +
    'and apps; owners also control security settings such as SSO and 2FA.',
  reference: 'https://slack.com/help/articles/201314026-Permissions-by-role-in-Slack',
  runbook:
    'Confirm the promotion with the actor and the team that owns Slack administration. If ' +
    'unexpected: demote the user, review both accounts’ sessions and recent admin actions ' +
    '(app installs, setting changes, exports).',
  tags: ['Slack', 'Privilege Escalation'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1098.003'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return PROMOTIONS.has(event.action)
  },

  dynamicSeverity(event) {
    return event.action === 'role_change_to_owner' ? 'HIGH' : 'DEFAULT'
  },

  title(event) {
    const role = event.action === 'role_change_to_owner' ? 'owner' : 'admin'
    return `Slack: ${target(event)} made ${role} by ${event.actor?.user?.email ?? 'unknown'}`
  },

  dedup(event) {
    return `slack-user-promoted:${target(event)}`
  },

  alertContext(event) {
    return {
      action: event.action,
      actor: event.actor?.user?.email ?? null,
      target: target(event),
      ipAddress: event.context?.ip_address ?? null,
      location: event.context?.location?.domain ?? null,
    }
  },

  tests: [
    {
      name: 'User promoted to owner',
      expect: true,
      event: {
        id: '8123a45b-6c7d-8e9f-g0h1-i2j3k4l5m6nf',
        date_create: '2024-09-09 09:09:09.000',
        action: 'role_change_to_owner',
        actor: {
          type: 'user',
          user: {
            id: 'W012J3FEWAU',
            name: 'mallory',
            email: 'mallory@example.com',
            team: 'T01234N56GB',
          },
        },
        entity: {
          type: 'user',
          user: {
            id: 'W0999ZZZZZZ',
            name: 'helper',
            email: 'helper@example.com',
            team: 'T01234N56GB',
          },
        },
        context: {
          location: { type: 'workspace', id: 'T01234N56GB', name: 'example', domain: 'example' },
          ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/124.0',
          ip_address: '203.0.113.88',
        },
        p_log_type: 'Slack.AuditLogs',
        p_event_time: '2024-09-09 09:09:09.000',
      },
    },
    {
      name: 'User demoted to regular member',
      expect: false,
      event: {
        id: '9123a45b-6c7d-8e9f-g0h1-i2j3k4l5m6ng',
        date_create: '2024-09-09 09:15:00.000',
        action: 'role_change_to_user',
        actor: { type: 'user', user: { id: 'W012J3FEWAV', email: 'alice@example.com' } },
        entity: { type: 'user', user: { id: 'W0999ZZZZZZ', email: 'helper@example.com' } },
        p_log_type: 'Slack.AuditLogs',
        p_event_time: '2024-09-09 09:15:00.000',
      },
    },
  ],
})
