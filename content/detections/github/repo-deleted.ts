import { defineRule } from 'caracal/sdk'

/** A repository was deleted (it stays restorable for 90 days). */
export default defineRule({
  id: 'GitHub.Repo.Deleted',
  name: 'GitHub Repository Deleted',
  logTypes: ['GitHub.Audit'],
  severity: 'MEDIUM',
  description:
    'A repository was deleted. Deleting repositories is destructive (extortion groups such as ' +
    'Lapsus$ wiped repositories after stealing them) and removes their history from view.',
  reference:
    'https://docs.github.com/en/repositories/creating-and-managing-repositories/restoring-a-deleted-repository',
  runbook:
    'Confirm with the repository owners that the deletion was planned. If not: restore it ' +
    '(organization settings > Deleted repositories, within 90 days), remove the actor’s ' +
    'admin rights pending review, and look for other destructive actions by the same actor.',
  tags: ['GitHub', 'Impact'],
  reports: { 'MITRE ATT&CK': ['TA0040:T1485'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.action === 'repo.destroy'
  },

  title(event) {
    return `GitHub: repository ${event.repo ?? 'unknown'} deleted by ${event.actor ?? 'unknown'}`
  },

  // Grouped per actor: several deletions by one person in an hour are one incident.
  dedup(event) {
    return `github-repo-deleted:${event.actor ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      actor: event.actor ?? null,
      actorIp: event.actor_ip ?? null,
      repo: event.repo ?? null,
      org: event.org ?? null,
      visibility: event.visibility ?? null,
    }
  },

  tests: [
    {
      name: 'Repository deleted',
      expect: true,
      event: {
        action: 'repo.destroy',
        '@timestamp': '2024-10-10 23:59:01.000',
        _document_id: 'Dd0Ee1Ff2Gg3Hh4Ii5Jj6K',
        actor: 'mallory',
        actor_id: 5551234,
        actor_ip: '203.0.113.88',
        org: 'example-corp',
        repo: 'example-corp/billing-api',
        repo_id: 612349999,
        visibility: 'private',
        operation_type: 'remove',
        p_log_type: 'GitHub.Audit',
        p_event_time: '2024-10-10 23:59:01.000',
      },
    },
    {
      name: 'Repository created',
      expect: false,
      event: {
        action: 'repo.create',
        '@timestamp': '2024-10-10 09:00:00.000',
        actor: 'alice',
        org: 'example-corp',
        repo: 'example-corp/new-service',
        visibility: 'private',
        operation_type: 'create',
        p_log_type: 'GitHub.Audit',
        p_event_time: '2024-10-10 09:00:00.000',
      },
    },
  ],
})
