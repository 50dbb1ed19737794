import { defineRule } from 'caracal/sdk'

/** Changes to legal holds and information barriers (compliance controls of Enterprise Grid). */
const COMPLIANCE_CHANGES = new Set([
  'legal_hold_policy_entities_deleted',
  'legal_hold_policy_exclusion_added',
  'legal_hold_policy_released',
  'legal_hold_policy_updated',
  'barrier_deleted',
  'barrier_updated',
])

/** Panther's Slack.AuditLogs.LegalHoldPolicyModified and InformationBarrierModified, in one rule. */
export default defineRule({
  id: 'Slack.AuditLogs.ComplianceControlModified',
  name: 'Slack Legal Hold or Information Barrier Modified',
  logTypes: ['Slack.AuditLogs'],
  severity: 'MEDIUM',
  description:
    'A Slack legal hold was released, narrowed or changed, or an information barrier was ' +
    'updated or deleted. Legal holds preserve evidence; barriers keep regulated groups apart. ' +
    'Weakening either can destroy evidence or breach a regulatory obligation.',
  reference: 'https://slack.com/help/articles/4401830811795-Create-and-manage-legal-holds',
  runbook:
    'Confirm the change with legal or compliance, who own these controls. If not approved: ' +
    'restore the hold or barrier, find out what was deleted while it was weaker, and review ' +
    'the actor’s other admin actions.',
  tags: ['Slack', 'Defense Evasion', 'Compliance'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562.001'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return COMPLIANCE_CHANGES.has(event.action)
  },

  // Releasing a hold or deleting a barrier removes the control outright.
  dynamicSeverity(event) {
    return event.action === 'legal_hold_policy_released' || event.action === 'barrier_deleted'
      ? 'HIGH'
      : 'DEFAULT'
  },

  title(event) {
    return `Slack: ${event.action} by ${event.actor?.user?.email ?? 'unknown'}`
  },

  dedup(event) {
    return `slack-compliance:${event.action}:${event.actor?.user?.email ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      action: event.action,
      actor: event.actor?.user?.email ?? null,
      entityType: event.entity?.type ?? null,
      details: event.details ?? null,
      ipAddress: event.context?.ip_address ?? null,
    }
  },

  tests: [
    {
      name: 'Legal hold released',
      expect: true,
      event: {
        id: 'c123a45b-6c7d-8e9f-g0h1-i2j3k4l5m6nj',
        date_create: '2024-11-11 11:11:11.000',
        action: 'legal_hold_policy_released',
        actor: {
          type: 'user',
          user: {
            id: 'W012J3FEWAU',
            name: 'mallory',
            email: 'mallory@example.com',
            team: 'E012MH3HS94',
          },
        },
        entity: { type: 'legal_hold_policy' },
        context: {
          location: {
            type: 'enterprise',
            id: 'E012MH3HS94',
            name: 'Example Corp',
            domain: 'example-corp',
          },
          ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/124.0',
          ip_address: '203.0.113.88',
        },
        details: { legal_hold_policy_id: 'LH012ABC', name: 'Project Atlas litigation' },
        p_log_type: 'Slack.AuditLogs',
        p_event_time: '2024-11-11 11:11:11.000',
      },
    },
    {
      name: 'Information barrier created',
      expect: false,
      event: {
        id: 'd123a45b-6c7d-8e9f-g0h1-i2j3k4l5m6nk',
        date_create: '2024-11-11 11:20:00.000',
        action: 'barrier_created',
        actor: { type: 'user', user: { id: 'W012J3FEWAV', email: 'alice@example.com' } },
        p_log_type: 'Slack.AuditLogs',
        p_event_time: '2024-11-11 11:20:00.000',
      },
    },
  ],
})
