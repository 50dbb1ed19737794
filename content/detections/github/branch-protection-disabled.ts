import { defineRule } from 'caracal/sdk'

/** Branch protection removed, or its rules overridden by an admin. */
const PROTECTION_BYPASS = new Set(['protected_branch.destroy', 'protected_branch.policy_override'])

/** Panther's GitHub.Branch.ProtectionDisabled and GitHub.Branch.PolicyOverride, in one rule. */
export default defineRule({
  id: 'GitHub.Branch.ProtectionDisabled',
  name: 'GitHub Branch Protection Disabled or Overridden',
  logTypes: ['GitHub.Audit'],
  severity: 'MEDIUM',
  description:
    'Branch protection was removed from a branch, or an administrator pushed past it. Protection ' +
    'enforces code review and status checks; without it, a single account can ship code to ' +
    'production (a supply-chain foothold).',
  reference:
    'https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-protected-branches/about-protected-branches',
  runbook:
    'Check which branch lost protection (the `name` field) and whether a change ticket covers ' +
    'it. Review the commits pushed to the branch while it was unprotected, especially by the ' +
    'same actor. Restore the protection rule and require review of those commits.',
  tags: ['GitHub', 'Defense Evasion', 'Supply Chain'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562.001', 'TA0001:T1195.002'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return PROTECTION_BYPASS.has(event.action)
  },

  title(event) {
    const what = event.action === 'protected_branch.destroy' ? 'removed' : 'overridden'
    return (
      `GitHub: branch protection on ${event.repo ?? 'unknown'}:${event.name ?? '?'} ${what} ` +
      `by ${event.actor ?? 'unknown'}`
    )
  },

  dedup(event) {
    return `github-branch-protection:${event.repo ?? 'unknown'}:${event.name ?? ''}`
  },

  alertContext(event) {
    return {
      action: event.action,
      actor: event.actor ?? null,
      actorIp: event.actor_ip ?? null,
      repo: event.repo ?? null,
      branch: event.name ?? null,
      org: event.org ?? null,
    }
  },

  tests: [
    {
      name: 'Protection removed from main',
      expect: true,
      event: {
        action: 'protected_branch.destroy',
        '@timestamp': '2024-02-20 18:03:55.004',
        _document_id: 'm1Nq2Rs3Tu4Vw5Xy6Za7B',
        actor: 'mallory',
        actor_id: 5551234,
        actor_ip: '203.0.113.88',
        org: 'example-corp',
        repo: 'example-corp/deploy-tools',
        repo_id: 612345000,
        name: 'main',
        operation_type: 'remove',
        p_log_type: 'GitHub.Audit',
        p_event_time: '2024-02-20 18:03:55.004',
      },
    },
    {
      name: 'Protection rule created',
      expect: false,
      event: {
        action: 'protected_branch.create',
        '@timestamp': '2024-02-20 18:10:00.000',
        actor: 'alice',
        org: 'example-corp',
        repo: 'example-corp/deploy-tools',
        name: 'main',
        operation_type: 'create',
        p_log_type: 'GitHub.Audit',
        p_event_time: '2024-02-20 18:10:00.000',
      },
    },
  ],
})
