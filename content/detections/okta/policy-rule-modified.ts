import { defineRule, type OktaSystemLogEvent } from 'caracal/sdk'

/** Changes that can loosen sign-on, MFA or password requirements. */
const POLICY_CHANGES = new Set([
  'policy.rule.update',
  'policy.rule.deactivate',
  'policy.rule.delete',
  'policy.lifecycle.deactivate',
  'policy.lifecycle.delete',
])

function policyTarget(event: OktaSystemLogEvent): string {
  const names = (event.target ?? [])
    .filter((t) => t?.type === 'PolicyRule' || t?.type === 'PolicyEntity')
    .map((t) => t?.displayName ?? t?.id ?? '')
  return names.join(' / ') || 'unknown'
}

/** A sign-on, MFA or password policy (or one of its rules) was changed, deactivated or deleted. */
export default defineRule({
  id: 'Okta.PolicyRuleModified',
  name: 'Okta Policy or Policy Rule Modified',
  logTypes: ['Okta.SystemLog'],
  severity: 'LOW',
  description:
    'An Okta policy rule was updated, deactivated or deleted, or a whole policy was deactivated ' +
    'or deleted. Loosening a sign-on or MFA enrolment policy is how an intruder with admin ' +
    'access removes the controls that would stop them.',
  reference: 'https://help.okta.com/en-us/content/topics/security/policies/policies-home.htm',
  runbook:
    'Open the policy in the Admin Console and compare with the change in debugContext/target: ' +
    'was MFA, a network zone or a device condition removed? Confirm the change with the actor ' +
    'and its change ticket. If unexpected: restore the previous rule, then review the actor’s ' +
    'other admin events in the same session.',
  tags: ['Okta', 'Defense Evasion', 'Configuration Change'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1556', 'TA0005:T1562'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return POLICY_CHANGES.has(event.eventType) && event.outcome?.result === 'SUCCESS'
  },

  // Deleting or switching off a policy is more drastic than editing one of its rules.
  dynamicSeverity(event) {
    return event.eventType.endsWith('.update') ? 'DEFAULT' : 'MEDIUM'
  },

  title(event) {
    return (
      `Okta: ${event.actor?.alternateId ?? 'unknown'} ran ${event.eventType} on ` +
      `[${policyTarget(event)}]`
    )
  },

  dedup(event) {
    return `okta-policy-change:${event.actor?.alternateId ?? 'unknown'}:${policyTarget(event)}`
  },

  alertContext(event) {
    return {
      actor: event.actor?.alternateId ?? null,
      eventType: event.eventType,
      policy: policyTarget(event),
      ipAddress: event.client?.ipAddress ?? null,
      displayMessage: event.displayMessage ?? null,
    }
  },

  tests: [
    {
      name: 'MFA rule of a sign-on policy deactivated',
      expect: true,
      event: {
        uuid: '0738b4c5-7c8d-11ef-c3d4-0242ac120008',
        published: '2024-10-07 02:11:36.044',
        eventType: 'policy.rule.deactivate',
        version: '0',
        severity: 'INFO',
        legacyEventType: 'policy.rule.deactivated',
        displayMessage: 'Deactivate policy rule',
        actor: {
          id: '00u1qw1mqitPHM8AJ0g7',
          type: 'User',
          alternateId: 'admin@example.com',
          displayName: 'Ada Admin',
        },
        client: { ipAddress: '192.0.2.77' },
        outcome: { result: 'SUCCESS' },
        target: [
          { id: '0pr1abcd2EFGH3ijk4l5', type: 'PolicyEntity', displayName: 'Default Policy' },
          {
            id: '0pr9zyxw8VUTS7rqp6o5',
            type: 'PolicyRule',
            displayName: 'Require MFA off-network',
          },
        ],
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-10-07 02:11:36.044',
      },
    },
    {
      name: 'Policy rule activated',
      expect: false,
      event: {
        uuid: '1849c5d6-7c8d-11ef-c3d4-0242ac120009',
        published: '2024-10-07 02:15:00.000',
        eventType: 'policy.rule.activate',
        actor: { id: '00u1qw1mqitPHM8AJ0g7', type: 'User', alternateId: 'admin@example.com' },
        outcome: { result: 'SUCCESS' },
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-10-07 02:15:00.000',
      },
    },
  ],
})
