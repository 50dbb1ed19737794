import { defineRule } from 'caracal/sdk'

/** An SSH key was added to a user account, or a deploy key to a repository. */
export default defineRule({
  id: 'GitHub.PublicKey.Created',
  name: 'GitHub SSH or Deploy Key Added',
  logTypes: ['GitHub.Audit'],
  severity: 'LOW',
  description:
    'An SSH key was added to a user account or a deploy key to a repository. A key is a ' +
    'long-lived credential that bypasses SSO and 2FA for git operations; attackers add one to ' +
    'keep access after a password reset.',
  reference:
    'https://docs.github.com/en/enterprise-cloud@latest/admin/monitoring-activity-in-your-enterprise/reviewing-audit-logs-for-your-enterprise/audit-log-events-for-your-enterprise#public_key',
  runbook:
    'Confirm with the owner of the account or repository that they added the key (new laptop, ' +
    'CI deploy key). Check the source IP against their usual ones. If unexpected: delete the ' +
    'key, review git clones and pushes made with it, and reset the account’s credentials.',
  tags: ['GitHub', 'Persistence'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1098.004'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.action === 'public_key.create'
  },

  // A deploy key on a repository is often write-enabled and owned by nobody in particular.
  dynamicSeverity(event) {
    return (event.repo ?? '') !== '' ? 'MEDIUM' : 'DEFAULT'
  },

  title(event) {
    return event.repo
      ? `GitHub: deploy key added to ${event.repo} by ${event.actor ?? 'unknown'}`
      : `GitHub: SSH key added by ${event.actor ?? 'unknown'}`
  },

  dedup(event) {
    return `github-public-key:${event.repo ?? event.actor ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      actor: event.actor ?? null,
      actorIp: event.actor_ip ?? null,
      repo: event.repo ?? null,
      org: event.org ?? null,
      userAgent: event.user_agent ?? null,
      country: event.actor_location?.country_code ?? null,
    }
  },

  tests: [
    {
      name: 'Deploy key added to a repository',
      expect: true,
      event: {
        action: 'public_key.create',
        '@timestamp': '2024-03-03 07:55:41.002',
        _document_id: 'Lk9Jh8Gf7Ds6Ap5Oi4Uy3T',
        actor: 'mallory',
        actor_id: 5551234,
        actor_ip: '203.0.113.88',
        actor_location: { country_code: 'RO' },
        org: 'example-corp',
        repo: 'example-corp/deploy-tools',
        repo_id: 612345000,
        operation_type: 'create',
        p_log_type: 'GitHub.Audit',
        p_event_time: '2024-03-03 07:55:41.002',
      },
    },
    {
      name: 'Key deleted',
      expect: false,
      event: {
        action: 'public_key.delete',
        '@timestamp': '2024-03-03 08:00:00.000',
        actor: 'alice',
        org: 'example-corp',
        operation_type: 'remove',
        p_log_type: 'GitHub.Audit',
        p_event_time: '2024-03-03 08:00:00.000',
      },
    },
  ],
})
