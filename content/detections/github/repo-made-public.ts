import { defineRule } from 'caracal/sdk'

/** Panther's GitHub.Repo.VisibilityChange, narrowed to repositories that became public. */
export default defineRule({
  id: 'GitHub.Repo.MadePublic',
  name: 'GitHub Repository Made Public',
  logTypes: ['GitHub.Audit'],
  severity: 'HIGH',
  description:
    'A private or internal repository was made public. Source code often contains secrets, ' +
    'internal hostnames and unreleased work; flipping visibility is a one-click exfiltration.',
  reference:
    'https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/managing-repository-settings/setting-repository-visibility',
  runbook:
    'Confirm with the actor and the repository owner that publishing was approved (open-source ' +
    'review). If not: set the repository back to private at once, check forks and stars made ' +
    'while it was public, run secret scanning on its history and rotate any secrets found.',
  tags: ['GitHub', 'Exfiltration'],
  reports: { 'MITRE ATT&CK': ['TA0010:T1567.001'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.action === 'repo.access' && event.visibility === 'public'
  },

  title(event) {
    return `GitHub: repository ${event.repo ?? 'unknown'} made public by ${event.actor ?? 'unknown'}`
  },

  dedup(event) {
    return `github-repo-public:${event.repo ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      actor: event.actor ?? null,
      actorIp: event.actor_ip ?? null,
      org: event.org ?? null,
      repo: event.repo ?? null,
      visibility: event.visibility ?? null,
      country: event.actor_location?.country_code ?? null,
    }
  },

  tests: [
    {
      name: 'Private repository made public',
      expect: true,
      event: {
        action: 'repo.access',
        '@timestamp': '2024-04-09 13:45:02.118',
        _document_id: 'Xb8gkK3nHn7cQ0w1p2LqvA',
        actor: 'mallory',
        actor_id: 5551234,
        actor_ip: '203.0.113.88',
        actor_location: { country_code: 'US' },
        org: 'example-corp',
        org_id: 8765432,
        repo: 'example-corp/payments-service',
        repo_id: 612345678,
        visibility: 'public',
        user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15',
        operation_type: 'modify',
        p_log_type: 'GitHub.Audit',
        p_event_time: '2024-04-09 13:45:02.118',
      },
    },
    {
      name: 'Repository made private',
      expect: false,
      event: {
        action: 'repo.access',
        '@timestamp': '2024-04-09 14:00:00.000',
        actor: 'alice',
        org: 'example-corp',
        repo: 'example-corp/payments-service',
        visibility: 'private',
        operation_type: 'modify',
        p_log_type: 'GitHub.Audit',
        p_event_time: '2024-04-09 14:00:00.000',
      },
    },
  ],
})
