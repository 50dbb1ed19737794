import { defineRule } from 'caracal/sdk'

/** A GitHub App was installed on an organization with access to every repository. */
export default defineRule({
  id: 'GitHub.App.InstalledOnAllRepositories',
  name: 'GitHub App Installed with Access to All Repositories',
  logTypes: ['GitHub.Audit'],
  severity: 'MEDIUM',
  description:
    'A GitHub App was installed on the organization with access to all repositories, present ' +
    'and future. A malicious or compromised app keeps access through its own tokens, ' +
    'independent of any user account.',
  reference:
    'https://docs.github.com/en/apps/using-github-apps/installing-a-github-app-from-a-third-party',
  runbook:
    'Check the app (`integration`) and its requested permissions in the org settings. Confirm ' +
    'with the actor that it was approved and whether it really needs every repository. If not ' +
    'approved: suspend or uninstall it and review its activity (actions with programmatic ' +
    'access by the app).',
  tags: ['GitHub', 'Persistence', 'Third-party Apps'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1671'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.action === 'integration_installation.create' && event.repository_selection === 'all'
    )
  },

  title(event) {
    return (
      `GitHub: app [${event.integration ?? event.name ?? 'unknown'}] installed on all ` +
      `repositories of ${event.org ?? 'unknown'}`
    )
  },

  dedup(event) {
    return `github-app-all-repos:${event.org ?? 'unknown'}:${event.integration ?? event.name ?? ''}`
  },

  alertContext(event) {
    return {
      actor: event.actor ?? null,
      actorIp: event.actor_ip ?? null,
      org: event.org ?? null,
      integration: event.integration ?? event.name ?? null,
      repositorySelection: event.repository_selection ?? null,
    }
  },

  tests: [
    {
      name: 'App installed on all repositories',
      expect: true,
      event: {
        action: 'integration_installation.create',
        '@timestamp': '2024-06-01 12:00:05.123',
        _document_id: 'Pp0Oo9Ii8Uu7Yy6Tt5Rr4E',
        actor: 'dev-lead',
        actor_id: 7001234,
        actor_ip: '198.51.100.61',
        org: 'example-corp',
        org_id: 8765432,
        integration: 'code-insights-bot',
        name: 'code-insights-bot',
        repository_selection: 'all',
        operation_type: 'create',
        p_log_type: 'GitHub.Audit',
        p_event_time: '2024-06-01 12:00:05.123',
      },
    },
    {
      name: 'App installed on selected repositories',
      expect: false,
      event: {
        action: 'integration_installation.create',
        '@timestamp': '2024-06-01 12:10:00.000',
        actor: 'dev-lead',
        org: 'example-corp',
        integration: 'renovate',
        repository_selection: 'selected',
        operation_type: 'create',
        p_log_type: 'GitHub.Audit',
        p_event_time: '2024-06-01 12:10:00.000',
      },
    },
  ],
})
