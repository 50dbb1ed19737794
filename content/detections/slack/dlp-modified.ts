import { defineRule } from 'caracal/sdk'

const DLP_TAMPERING = new Set(['native_dlp_rule_deactivated', 'native_dlp_violation_deleted'])

/** Panther's Slack.AuditLogs.DLPModified: a DLP rule was switched off or a violation erased. */
export default defineRule({
  id: 'Slack.AuditLogs.DLPModified',
  name: 'Slack DLP Rule Deactivated or Violation Deleted',
  logTypes: ['Slack.AuditLogs'],
  severity: 'HIGH',
  description:
    'A Slack native DLP rule was deactivated, or a DLP violation was deleted. Either removes ' +
    'the control (or the evidence) that would show sensitive data being shared.',
  reference: 'https://slack.com/help/articles/12914005852819-Slack-data-loss-prevention',
  runbook:
    'Confirm with the actor (a DLP admin) why the rule was deactivated or the violation ' +
    'deleted, and whether a ticket covers it. Re-activate the rule if not approved and review ' +
    'messages and files shared while it was off; check the actor’s other admin actions.',
  tags: ['Slack', 'Defense Evasion', 'Impair Defenses'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562.001', 'TA0005:T1070'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return DLP_TAMPERING.has(event.action)
  },

  title(event) {
    return `Slack: ${event.action} by ${event.actor?.user?.email ?? 'unknown'}`
  },

  dedup(event) {
    return `slack-dlp:${event.actor?.user?.email ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      action: event.action,
      actor: event.actor?.user?.email ?? null,
      ipAddress: event.context?.ip_address ?? null,
      userAgent: event.context?.ua ?? null,
      location: event.context?.location?.domain ?? null,
      entityType: event.entity?.type ?? null,
    }
  },

  tests: [
    {
      name: 'DLP rule deactivated',
      expect: true,
      event: {
        id: '0123a45b-6c7d-8e9f-g0h1-i2j3k4l5m6n7',
        date_create: '2024-05-02 09:14:03.000',
        action: 'native_dlp_rule_deactivated',
        actor: {
          type: 'user',
          user: {
            id: 'W012J3FEWAU',
            name: 'mallory',
            email: 'mallory@example.com',
            team: 'E012MH3HS94',
          },
        },
        entity: {
          type: 'workspace',
          workspace: { id: 'T01234N56GB', name: 'example', domain: 'example' },
        },
        context: {
          location: {
            type: 'enterprise',
            id: 'E012MH3HS94',
            name: 'Example Corp',
            domain: 'example-corp',
          },
          ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/124.0',
          ip_address: '203.0.113.88',
          session_id: '6543217890',
        },
        p_log_type: 'Slack.AuditLogs',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: 'DLP rule activated',
      expect: false,
      event: {
        id: '1123a45b-6c7d-8e9f-g0h1-i2j3k4l5m6n8',
        date_create: '2024-05-02 09:20:00.000',
        action: 'native_dlp_rule_activated',
        actor: { type: 'user', user: { id: 'W012J3FEWAV', email: 'alice@example.com' } },
        p_log_type: 'Slack.AuditLogs',
        p_event_time: '2024-05-02 09:20:00.000',
      },
    },
  ],
})
