import { defineRule } from 'caracal/sdk'

const TWO_FACTOR_DISABLED = new Set([
  'org.disable_two_factor_requirement',
  'business.disable_two_factor_requirement',
])

/** Panther's GitHub.Org.AuthChange-style rule: the organization no longer requires 2FA. */
export default defineRule({
  id: 'GitHub.Org.TwoFactorRequirementDisabled',
  name: 'GitHub Two-Factor Requirement Disabled',
  logTypes: ['GitHub.Audit'],
  severity: 'HIGH',
  description:
    'The two-factor authentication requirement was turned off for an organization or ' +
    'enterprise. Members can then work with password-only accounts, and accounts without 2FA ' +
    'that were removed when the requirement was enabled can be re-added.',
  reference:
    'https://docs.github.com/en/organizations/keeping-your-organization-secure/managing-two-factor-authentication-for-your-organization/requiring-two-factor-authentication-in-your-organization',
  runbook:
    'Confirm the change with the actor (an org owner) and why it was needed. Re-enable the ' +
    'requirement unless there is an approved exception, then list members without 2FA and any ' +
    'members added since the change.',
  tags: ['GitHub', 'Defense Evasion', 'Identity & Access Management'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1556'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return TWO_FACTOR_DISABLED.has(event.action)
  },

  title(event) {
    const scope = event.business ?? event.org ?? 'unknown'
    return `GitHub: 2FA requirement disabled for ${scope} by ${event.actor ?? 'unknown'}`
  },

  dedup(event) {
    return `github-2fa-disabled:${event.business ?? event.org ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      action: event.action,
      actor: event.actor ?? null,
      actorIp: event.actor_ip ?? null,
      org: event.org ?? null,
      business: event.business ?? null,
    }
  },

  tests: [
    {
      name: 'Org 2FA requirement disabled',
      expect: true,
      event: {
        action: 'org.disable_two_factor_requirement',
        '@timestamp': '2024-01-15 11:22:33.444',
        _document_id: 'Q9w8E7r6T5y4U3i2O1pA0s',
        actor: 'mallory',
        actor_id: 5551234,
        actor_ip: '203.0.113.88',
        actor_location: { country_code: 'NL' },
        org: 'example-corp',
        org_id: 8765432,
        operation_type: 'modify',
        p_log_type: 'GitHub.Audit',
        p_event_time: '2024-01-15 11:22:33.444',
      },
    },
    {
      name: 'Org 2FA requirement enabled',
      expect: false,
      event: {
        action: 'org.enable_two_factor_requirement',
        '@timestamp': '2024-01-15 11:30:00.000',
        actor: 'alice',
        org: 'example-corp',
        operation_type: 'modify',
        p_log_type: 'GitHub.Audit',
        p_event_time: '2024-01-15 11:30:00.000',
      },
    },
  ],
})
