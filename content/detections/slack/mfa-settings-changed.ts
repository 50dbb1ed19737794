import { defineRule, type SlackAuditLogsEvent } from 'caracal/sdk'

function detail(event: SlackAuditLogsEvent, key: string): string {
  const details = event.details
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return ''
  const value = details[key]
  return typeof value === 'string' ? value : ''
}

/** Panther's Slack.AuditLogs.MFASettingsChanged: the workspace 2FA requirement changed. */
export default defineRule({
  id: 'Slack.AuditLogs.MFASettingsChanged',
  name: 'Slack Two-Factor Authentication Setting Changed',
  logTypes: ['Slack.AuditLogs'],
  severity: 'MEDIUM',
  description:
    'The two-factor authentication requirement of a Slack workspace or organization was ' +
    'changed. Turning it off lets members sign in with a password alone.',
  reference: 'https://slack.com/help/articles/204509068-Set-up-two-factor-authentication',
  runbook:
    'Check previous and new values in the alert. Confirm with the actor (an owner or admin) and ' +
    'a change ticket. If 2FA was turned off without approval, turn it back on, review the ' +
    'actor’s recent sessions and other admin changes, and check sign-ins since the change.',
  tags: ['Slack', 'Defense Evasion', 'Identity & Access Management'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1556'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.action === 'pref.two_factor_auth_changed'
  },

  title(event) {
    return `Slack: 2FA setting changed by ${event.actor?.user?.email ?? 'unknown'}`
  },

  dedup(event) {
    return `slack-2fa:${event.context?.location?.id ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      actor: event.actor?.user?.email ?? null,
      previousValue: detail(event, 'previous_value') || null,
      newValue: detail(event, 'new_value') || null,
      ipAddress: event.context?.ip_address ?? null,
      location: event.context?.location?.domain ?? null,
    }
  },

  tests: [
    {
      name: '2FA requirement changed',
      expect: true,
      event: {
        id: '2123a45b-6c7d-8e9f-g0h1-i2j3k4l5m6n9',
        date_create: '2024-06-06 06:06:06.000',
        action: 'pref.two_factor_auth_changed',
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
          type: 'workspace',
          workspace: { id: 'T01234N56GB', name: 'example', domain: 'example' },
        },
        context: {
          location: { type: 'workspace', id: 'T01234N56GB', name: 'example', domain: 'example' },
          ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0',
          ip_address: '203.0.113.88',
        },
        details: { new_value: 'disabled', previous_value: 'enabled' },
        p_log_type: 'Slack.AuditLogs',
        p_event_time: '2024-06-06 06:06:06.000',
      },
    },
    {
      name: 'User login',
      expect: false,
      event: {
        id: '3123a45b-6c7d-8e9f-g0h1-i2j3k4l5m6na',
        date_create: '2024-06-06 06:10:00.000',
        action: 'user_login',
        actor: { type: 'user', user: { id: 'W012J3FEWAV', email: 'alice@example.com' } },
        p_log_type: 'Slack.AuditLogs',
        p_event_time: '2024-06-06 06:10:00.000',
      },
    },
  ],
})
