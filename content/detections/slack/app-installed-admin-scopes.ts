import { defineRule, type JsonValue, type SlackAuditLogsEvent } from 'caracal/sdk'

type JsonObject = { [key: string]: JsonValue }

const APP_GRANTS = new Set(['app_installed', 'app_scopes_expanded', 'org_app_workspace_added'])

function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined
}

function strings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** Scopes the app holds after the event: the app's scopes, plus any newly added ones. */
function scopes(event: SlackAuditLogsEvent): string[] {
  const app = asObject(event.entity?.app ?? null)
  return [...strings(app?.scopes), ...strings(asObject(event.details)?.new_scopes)]
}

/** `admin` and `admin.*` scopes manage the workspace itself (users, channels, apps). */
function adminScopes(event: SlackAuditLogsEvent): string[] {
  return [...new Set(scopes(event).filter((s) => s === 'admin' || s.startsWith('admin.')))]
}

function appName(event: SlackAuditLogsEvent): string {
  const name = asObject(event.entity?.app ?? null)?.name
  return typeof name === 'string' ? name : 'unknown'
}

/** Panther's Slack.AuditLogs.AppAdded / AppAccessExpanded, limited to admin scopes. */
export default defineRule({
  id: 'Slack.AuditLogs.AppInstalledWithAdminScopes',
  name: 'Slack App Installed with Admin Scopes',
  logTypes: ['Slack.AuditLogs'],
  severity: 'HIGH',
  description:
    'A Slack app was installed, added to a workspace, or had its scopes expanded, and holds ' +
    'admin scopes. Admin-scoped tokens can manage users, read every channel and approve other ' +
    'apps; a rogue app is durable access that survives password resets.',
  reference: 'https://api.slack.com/scopes',
  runbook:
    'Identify the app and the admin scopes in the alert and confirm with the installer and the ' +
    'app owner that they are needed. If not approved: uninstall the app or restrict it, revoke ' +
    'its tokens, and review the audit log for actions taken by the app since installation.',
  tags: ['Slack', 'Persistence', 'Third-party Apps'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1671', 'TA0003:T1098.001'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return APP_GRANTS.has(event.action) && adminScopes(event).length > 0
  },

  title(event) {
    return (
      `Slack: app [${appName(event)}] granted admin scopes (${adminScopes(event).join(', ')}) ` +
      `by ${event.actor?.user?.email ?? 'unknown'}`
    )
  },

  dedup(event) {
    return `slack-app-admin:${appName(event)}`
  },

  alertContext(event) {
    return {
      action: event.action,
      actor: event.actor?.user?.email ?? null,
      app: appName(event),
      adminScopes: adminScopes(event),
      ipAddress: event.context?.ip_address ?? null,
      location: event.context?.location?.domain ?? null,
    }
  },

  tests: [
    {
      name: 'App installed with admin.users:write',
      expect: true,
      event: {
        id: '6123a45b-6c7d-8e9f-g0h1-i2j3k4l5m6nd',
        date_create: '2024-08-08 08:08:08.000',
        action: 'app_installed',
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
          type: 'app',
          app: {
            id: 'A012ABCDEFG',
            name: 'Workspace Sync',
            is_distributed: true,
            is_directory_approved: false,
            is_workflow_app: false,
            scopes: [
              'channels:read',
              'users:read',
              'admin.users:write',
              'admin.conversations:read',
            ],
          },
        },
        context: {
          location: { type: 'workspace', id: 'T01234N56GB', name: 'example', domain: 'example' },
          ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/124.0',
          ip_address: '203.0.113.88',
        },
        p_log_type: 'Slack.AuditLogs',
        p_event_time: '2024-08-08 08:08:08.000',
      },
    },
    {
      name: 'App installed with ordinary scopes',
      expect: false,
      event: {
        id: '7123a45b-6c7d-8e9f-g0h1-i2j3k4l5m6ne',
        date_create: '2024-08-08 08:10:00.000',
        action: 'app_installed',
        actor: { type: 'user', user: { id: 'W012J3FEWAV', email: 'alice@example.com' } },
        entity: {
          type: 'app',
          app: { id: 'A012ABCDEFH', name: 'Giphy', scopes: ['commands', 'chat:write'] },
        },
        p_log_type: 'Slack.AuditLogs',
        p_event_time: '2024-08-08 08:10:00.000',
      },
    },
  ],
})
